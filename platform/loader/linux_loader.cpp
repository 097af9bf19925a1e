#include "loader/linux_loader.hpp"
#include "config/config.hpp"

extern "C" {
#include <libfdt.h>
}
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

namespace pscisim
{
namespace
{

uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

uint32_t le32(const uint8_t *p)
{
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
           static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

std::string hex(uint64_t v)
{
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
    return b;
}

// Checked as every input file is (read_input_file): a FIFO or a device such as
// /dev/zero is refused by name instead of being read until memory runs out, and a
// directory is named as such.
std::vector<uint8_t> read_file(const std::string &path, const char *what, uint64_t max_size)
{
    const std::string text = read_input_file(path, what, max_size);
    return std::vector<uint8_t>(text.begin(), text.end());
}

uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

bool is_gzip(const uint8_t *d, size_t n)
{
    return n >= 2 && d[0] == 0x1f && d[1] == 0x8b;
}

bool is_elf(const uint8_t *d, size_t n)
{
    return n >= 4 && std::memcmp(d,
                                 "\x7f"
                                 "ELF",
                                 4) == 0;
}

// The whole structure checked (fdt_check_full: header, blocks inside the buffer, tags,
// names, properties), so that libfdt's later walks and edits stay inside the blob.
bool valid_fdt(const std::vector<uint8_t> &b)
{
    return b.size() >= sizeof(fdt_header) && fdt_check_header(b.data()) == 0 &&
           fdt_totalsize(b.data()) <= b.size() && fdt_check_full(b.data(), b.size()) == 0;
}

} // namespace

std::vector<uint8_t> gunzip(const uint8_t *data, size_t size, const std::string &name,
                            uint64_t limit)
{
    z_stream s{};
    // 16 + MAX_WBITS: a gzip wrapper (RFC 1952), not zlib's.
    if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
        throw usage_error(name + ": cannot start gzip decompression");
    std::vector<uint8_t> out;
    std::vector<uint8_t> chunk(1 << 20);
    s.next_in = const_cast<Bytef *>(data);
    s.avail_in = static_cast<uInt>(size);
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        s.next_out = chunk.data();
        s.avail_out = static_cast<uInt>(chunk.size());
        rc = inflate(&s, Z_NO_FLUSH);
        size_t got = chunk.size() - s.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&s);
            throw usage_error(name + ": corrupt gzip data" +
                              (rc == Z_BUF_ERROR ? std::string(" (truncated)") : ""));
        }
        if (out.size() + got > limit) {
            inflateEnd(&s);
            throw usage_error(name + ": decompresses to more than " + hex(limit) + " bytes");
        }
        out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<long>(got));
    }
    inflateEnd(&s);
    return out;
}

bool is_arm64_image(const uint8_t *data, size_t size)
{
    return size >= arm64_image_header_size && le32(data + 0x38) == arm64_image_magic;
}

elf_image parse_arm64_image(const uint8_t *data, size_t size, const std::string &name,
                            uint64_t ram_base, uint64_t ram_size)
{
    if (size < arm64_image_header_size)
        throw usage_error(name + ": too short for an arm64 Image header (" + std::to_string(size) +
                          " bytes)");
    if (!is_arm64_image(data, size))
        throw usage_error(name + ": no arm64 Image magic at offset 0x38");
    uint64_t text_offset = le64(data + 0x08);
    uint64_t image_size = le64(data + 0x10);
    uint64_t flags = le64(data + 0x18);
    if (image_size == 0) {
        // booting.rst: image_size 0 means a kernel older than v3.17, text_offset 0x80000.
        text_offset = arm64_legacy_text_offset;
        image_size = size;
    }
    if (flags & 1) throw usage_error(name + ": big-endian arm64 Image (flags bit 0) not supported");
    if (image_size < size)
        throw usage_error(name + ": image_size " + hex(image_size) + " is smaller than the file (" +
                          hex(size) + " bytes)");
    if (text_offset % 4096 != 0)
        throw usage_error(name + ": text_offset " + hex(text_offset) + " is not page aligned");
    uint64_t base = align_up(ram_base, arm64_image_align);
    uint64_t ram_end = ram_base + ram_size;
    if (text_offset > ram_end || image_size > ram_end - text_offset ||
        base + text_offset + image_size > ram_end)
        throw usage_error(name + ": the kernel (" + hex(image_size) + " bytes at text_offset " +
                          hex(text_offset) + ") does not fit in RAM (" + hex(ram_size) + " bytes)");
    elf_image img;
    auto slash = name.find_last_of('/');
    img.name = slash == std::string::npos ? name : name.substr(slash + 1);
    elf_segment seg;
    seg.addr = base + text_offset;
    seg.mem_size = image_size;
    seg.flags = 7; // PF_R | PF_W | PF_X
    seg.data.assign(data, data + size);
    img.entry = seg.addr;
    img.segments.push_back(std::move(seg));
    return img;
}

elf_image parse_kernel_file(const std::string &path, uint64_t ram_base, uint64_t ram_size,
                            bool kernel_option)
{
    // Checked and read as parse_elf_file does (a regular file of bounded size): a
    // FIFO or a device must be refused, not opened and read forever.
    const std::string text =
        read_input_file(path, kernel_option ? "kernel" : "ELF file", max_elf_file_size);
    std::vector<uint8_t> d(text.begin(), text.end());
    if (is_elf(d.data(), d.size())) return parse_elf_file(path, ram_base, ram_size);
    if (is_gzip(d.data(), d.size())) {
        d = gunzip(d.data(), d.size(), path);
        if (!is_arm64_image(d.data(), d.size()))
            throw usage_error(path + ": gzip data is not an arm64 Image");
    } else if (!is_arm64_image(d.data(), d.size())) {
        if (!kernel_option) return parse_elf_file(path, ram_base, ram_size);
        throw usage_error(path + ": not an ELF, an arm64 Image or a gzip-compressed arm64 Image");
    }
    return parse_arm64_image(d.data(), d.size(), path, ram_base, ram_size);
}

initrd_range add_initrd(elf_image &img, const std::string &path, uint64_t ram_base,
                        uint64_t ram_size)
{
    // Larger than the largest RAM it could never fit.
    std::vector<uint8_t> d = read_file(path, "initrd", max_ram_size);
    if (d.empty()) throw usage_error(path + ": the initrd is empty");
    uint64_t end = ram_base;
    for (const elf_segment &s : img.segments)
        end = std::max(end, s.addr + s.mem_size);
    uint64_t start = align_up(end, arm64_image_align);
    if (start + d.size() > ram_base + ram_size)
        throw usage_error(path + ": the initrd (" + hex(d.size()) +
                          " bytes) does not fit in RAM after the kernel (RAM ends at " +
                          hex(ram_base + ram_size) + ")");
    elf_segment seg;
    seg.addr = start;
    seg.mem_size = d.size();
    seg.flags = 6; // PF_R | PF_W
    seg.data = std::move(d);
    img.segments.push_back(std::move(seg));
    return {start, start + img.segments.back().mem_size};
}

void check_command_line_length(const std::string &bootargs, const std::string &what)
{
    if (bootargs.size() >= arm64_command_line_size)
        throw usage_error(what + ": the kernel command line is " + std::to_string(bootargs.size()) +
                          " bytes; Linux/arm64 takes at most " +
                          std::to_string(arm64_command_line_size - 1) + " (COMMAND_LINE_SIZE " +
                          std::to_string(arm64_command_line_size) +
                          " with the terminating NUL) and would cut the rest off");
}

std::vector<uint8_t> read_dtb_file(const std::string &path)
{
    std::vector<uint8_t> d = read_file(path, "device tree", 2u << 20);
    if (!valid_fdt(d)) throw usage_error(path + ": not a flattened device tree blob");
    return d;
}

std::vector<uint8_t> patch_dtb(const std::vector<uint8_t> &blob, const chosen_patch &p,
                               const std::string &name)
{
    if (!valid_fdt(blob)) throw usage_error(name + ": not a flattened device tree blob");
    std::vector<uint8_t> out(fdt_totalsize(blob.data()) + p.bootargs.size() + 1024);
    auto fail = [&](int err, const char *what) {
        if (err < 0)
            throw usage_error(name + ": cannot set " + what +
                              " in the device tree: " + fdt_strerror(err));
        return err;
    };
    fail(fdt_open_into(blob.data(), out.data(), static_cast<int>(out.size())), "up");
    void *fdt = out.data();

    int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
    if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
        throw usage_error(name + ": root #address-cells/#size-cells must be 1 or 2");
    if ((ac == 1 && (p.ram_base >> 32)) || (sc == 1 && (p.ram_size >> 32)))
        throw usage_error(name + ": the RAM does not fit the root's #address-cells/#size-cells");
    for (int off = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7); off >= 0;
         off = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7))
        fail(fdt_del_node(fdt, off), "/memory");
    char mem_name[32];
    std::snprintf(mem_name, sizeof mem_name, "memory@%llx",
                  static_cast<unsigned long long>(p.ram_base));
    int mem = fail(fdt_add_subnode(fdt, 0, mem_name), "/memory");
    fail(fdt_setprop_string(fdt, mem, "device_type", "memory"), "/memory");
    std::vector<fdt32_t> reg;
    auto push = [&](uint64_t v, int cells) {
        if (cells == 2) reg.push_back(cpu_to_fdt32(static_cast<uint32_t>(v >> 32)));
        reg.push_back(cpu_to_fdt32(static_cast<uint32_t>(v)));
    };
    push(p.ram_base, ac);
    push(p.ram_size, sc);
    fail(fdt_setprop(fdt, mem, "reg", reg.data(), static_cast<int>(reg.size() * 4)), "/memory reg");

    int chosen = fdt_path_offset(fdt, "/chosen");
    if (chosen == -FDT_ERR_NOTFOUND) chosen = fdt_add_subnode(fdt, 0, "chosen");
    fail(chosen, "/chosen");
    if (!p.bootargs.empty()) {
        check_command_line_length(p.bootargs, name + ": /chosen/bootargs");
        fail(fdt_setprop_string(fdt, chosen, "bootargs", p.bootargs.c_str()), "bootargs");
    } else {
        // The blob's own command line: the kernel copies at most COMMAND_LINE_SIZE bytes
        // of the property (up to its NUL, or its end when it has none).
        int len = 0;
        if (const void *v = fdt_getprop(fdt, chosen, "bootargs", &len); v && len > 0)
            check_command_line_length(
                std::string(static_cast<const char *>(v),
                            strnlen(static_cast<const char *>(v), static_cast<size_t>(len))),
                name + ": /chosen/bootargs");
    }
    if (p.initrd.end > p.initrd.start) {
        fail(fdt_setprop_u64(fdt, chosen, "linux,initrd-start", p.initrd.start),
             "linux,initrd-start");
        fail(fdt_setprop_u64(fdt, chosen, "linux,initrd-end", p.initrd.end), "linux,initrd-end");
    }
    fail(fdt_pack(fdt), "pack");
    out.resize(fdt_totalsize(fdt));
    return out;
}

} // namespace pscisim
