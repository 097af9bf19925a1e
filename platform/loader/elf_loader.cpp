#include "loader/elf_loader.hpp"
#include "config/config.hpp"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace pscisim
{
namespace
{

std::string hex(uint64_t v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

std::string basename_of(const std::string &path)
{
    size_t s = path.find_last_of('/');
    return s == std::string::npos ? path : path.substr(s + 1);
}

// libelf's last error, or a plain description when it recorded none.
std::string libelf_error()
{
    int e = elf_errno();
    return e != 0 ? elf_errmsg(e) : "malformed ELF header";
}

struct elf_handle {
    Elf *e = nullptr;
    ~elf_handle()
    {
        if (e) elf_end(e);
    }
};

void read_symbols(Elf *e, elf_image &img, size_t size)
{
    Elf_Scn *scn = nullptr;
    while ((scn = elf_nextscn(e, scn)) != nullptr) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0) continue;
        if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
            continue; // damaged symbol table: symbols are optional, loading is not affected
        Elf_Data *d = elf_getdata(scn, nullptr);
        if (!d) continue;
        size_t n = sh.sh_size / sh.sh_entsize;
        for (size_t i = 0; i < n; ++i) {
            GElf_Sym sym;
            if (!gelf_getsym(d, static_cast<int>(i), &sym)) break;
            int type = GELF_ST_TYPE(sym.st_info);
            if (sym.st_name == 0 || sym.st_shndx == SHN_UNDEF ||
                (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE))
                continue;
            const char *nm = elf_strptr(e, sh.sh_link, sym.st_name);
            if (nm && *nm && !img.symbols.count(nm)) img.symbols[nm] = sym.st_value;
        }
    }
}

} // namespace

std::optional<uint64_t> elf_image::symbol(const std::string &n) const
{
    auto it = symbols.find(n);
    if (it == symbols.end()) return std::nullopt;
    return it->second;
}

elf_image parse_elf(const uint8_t *data, size_t size, const std::string &name, uint64_t ram_base,
                    uint64_t ram_size)
{
    auto fail = [&](const std::string &m) -> void { throw usage_error(name + ": " + m); };
    if (elf_version(EV_CURRENT) == EV_NONE)
        fail(std::string("libelf initialisation failed: ") + elf_errmsg(-1));
    if (size < EI_NIDENT || data[EI_MAG0] != ELFMAG0 || data[EI_MAG1] != ELFMAG1 ||
        data[EI_MAG2] != ELFMAG2 || data[EI_MAG3] != ELFMAG3)
        fail("not an ELF file");
    if (data[EI_CLASS] != ELFCLASS64)
        fail("not a 64-bit ELF (ELFCLASS " + std::to_string(data[EI_CLASS]) + ")");
    if (data[EI_DATA] != ELFDATA2LSB) fail("not a little-endian ELF");
    // libelf refuses any other version with a message that reads "no error".
    if (data[EI_VERSION] != EV_CURRENT)
        fail("unsupported ELF version " + std::to_string(data[EI_VERSION]) +
             " in e_ident (expected 1, EV_CURRENT)");
    if (size < sizeof(Elf64_Ehdr))
        fail("truncated ELF header (" + std::to_string(size) + " bytes)");

    // libelf reads the image in place; it does not modify it with ELF_C_READ_MMAP-less
    // memory images, but its API takes a non-const pointer.
    std::vector<char> copy(data, data + size);
    elf_handle h;
    h.e = elf_memory(copy.data(), copy.size());
    if (!h.e || elf_kind(h.e) != ELF_K_ELF) fail("cannot parse ELF: " + libelf_error());
    GElf_Ehdr eh;
    if (!gelf_getehdr(h.e, &eh)) fail("cannot read ELF header: " + libelf_error());
    if (eh.e_machine != EM_AARCH64)
        fail("not an AArch64 ELF (e_machine " + std::to_string(eh.e_machine) + ", expected " +
             std::to_string(EM_AARCH64) + ")");
    if (eh.e_type != ET_EXEC)
        fail("not an executable ELF (e_type " + std::to_string(eh.e_type) +
             (eh.e_type == ET_DYN   ? ", shared object/PIE"
              : eh.e_type == ET_REL ? ", relocatable object"
                                    : "") +
             "); link it as a static executable");
    if (eh.e_phnum == 0) fail("no program headers");
    // libelf reads the table with its own entry size whatever e_phentsize says; a file
    // that says otherwise is malformed, and Linux's loader refuses it too.
    if (eh.e_phentsize != sizeof(Elf64_Phdr))
        fail("program header entry size (e_phentsize) is " + std::to_string(eh.e_phentsize) +
             ", not " + std::to_string(sizeof(Elf64_Phdr)));
    // Checked before libelf looks at the table, which reports a table past the end of
    // the file as "no program headers".
    if (eh.e_phnum != PN_XNUM &&
        (eh.e_phoff > size ||
         eh.e_phnum * static_cast<uint64_t>(sizeof(Elf64_Phdr)) > size - eh.e_phoff))
        fail("truncated: program header table extends past the end of the file");
    size_t phnum = 0;
    if (elf_getphdrnum(h.e, &phnum) != 0) fail("cannot read program headers: " + libelf_error());
    if (phnum == 0) fail("no program headers");
    if (eh.e_phoff > size || phnum * static_cast<uint64_t>(sizeof(Elf64_Phdr)) > size - eh.e_phoff)
        fail("truncated: program header table extends past the end of the file");

    elf_image img;
    img.name = basename_of(name);
    img.entry = eh.e_entry;
    const uint64_t ram_end = ram_base + ram_size;
    for (size_t i = 0; i < phnum; ++i) {
        GElf_Phdr ph;
        if (!gelf_getphdr(h.e, static_cast<int>(i), &ph))
            fail("cannot read program header " + std::to_string(i) + ": " + libelf_error());
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
        std::string seg = "segment " + std::to_string(i) + " at " + hex(ph.p_paddr);
        if (ph.p_filesz > ph.p_memsz)
            fail(seg + ": file size " + hex(ph.p_filesz) + " exceeds memory size " +
                 hex(ph.p_memsz));
        if (ph.p_offset > size || ph.p_filesz > size - ph.p_offset)
            fail("truncated: " + seg + " needs file bytes " + hex(ph.p_offset) + ".." +
                 hex(ph.p_offset + ph.p_filesz) + " but the file has " + hex(size));
        if (ph.p_paddr < ram_base || ph.p_paddr >= ram_end || ph.p_memsz > ram_end - ph.p_paddr)
            fail(seg + " (size " + hex(ph.p_memsz) + ") is outside RAM " + hex(ram_base) + ".." +
                 hex(ram_end - 1));
        elf_segment s;
        s.addr = ph.p_paddr;
        s.mem_size = ph.p_memsz;
        s.flags = ph.p_flags;
        s.data.assign(data + ph.p_offset, data + ph.p_offset + ph.p_filesz);
        img.segments.push_back(std::move(s));
    }
    if (img.segments.empty()) fail("no loadable (PT_LOAD) segment");
    std::sort(img.segments.begin(), img.segments.end(),
              [](const elf_segment &a, const elf_segment &b) { return a.addr < b.addr; });
    for (size_t i = 1; i < img.segments.size(); ++i) {
        const auto &a = img.segments[i - 1], &b = img.segments[i];
        if (a.addr + a.mem_size > b.addr)
            fail("segments at " + hex(a.addr) + " and " + hex(b.addr) + " overlap");
    }
    bool entry_ok = false;
    for (const auto &s : img.segments)
        if (img.entry >= s.addr && img.entry < s.addr + s.mem_size) entry_ok = true;
    if (!entry_ok) fail("entry point " + hex(img.entry) + " is not inside a loaded segment");
    read_symbols(h.e, img, size);
    return img;
}

elf_image parse_elf_file(const std::string &path, uint64_t ram_base, uint64_t ram_size)
{
    std::string buf = read_input_file(path, "ELF file", max_elf_file_size);
    return parse_elf(reinterpret_cast<const uint8_t *>(buf.data()), buf.size(), path, ram_base,
                     ram_size);
}

void write_elf_image(const elf_image &img, const guest_write_fn &write)
{
    static const std::vector<uint8_t> zeros(64 * 1024, 0);
    for (const auto &s : img.segments) {
        if (!s.data.empty()) write(s.addr, s.data.data(), s.data.size());
        uint64_t a = s.addr + s.data.size(), end = s.addr + s.mem_size;
        while (a < end) {
            size_t n = static_cast<size_t>(std::min<uint64_t>(end - a, zeros.size()));
            write(a, zeros.data(), n);
            a += n;
        }
    }
}

void check_load_overlaps(const std::vector<load_range> &ranges)
{
    auto span = [](const load_range &r) {
        char b[64];
        std::snprintf(b, sizeof b, "[0x%llx, 0x%llx)", (unsigned long long)r.addr,
                      (unsigned long long)(r.addr + r.size));
        return r.what + " " + b;
    };
    for (size_t i = 0; i < ranges.size(); ++i)
        for (size_t j = i + 1; j < ranges.size(); ++j) {
            const load_range &a = ranges[i], &b = ranges[j];
            // Sizes are bounded by the memories they were checked against: no wrap.
            if (a.size && b.size && a.addr < b.addr + b.size && b.addr < a.addr + a.size)
                throw usage_error(span(b) + " overlaps " + span(a) +
                                  "; one would overwrite the other");
        }
}

elf_image load_elf(const std::string &path, uint64_t ram_base, uint64_t ram_size,
                   const guest_write_fn &write)
{
    elf_image img = parse_elf_file(path, ram_base, ram_size);
    write_elf_image(img, write);
    return img;
}

} // namespace pscisim
