// Fuzzes the Linux loader: the input (mutated into a valid synthetic arm64 Image
// header when its first byte is odd, raw otherwise) goes through parse_arm64_image,
// through gunzip (raw, and as the Image gzip-compressed then damaged) and, as a
// device tree, through patch_dtb. Every input must give a kernel inside RAM, a
// well-formed patched tree, or a usage_error; never a crash.
#include "loader/fdt_builder.hpp"
#include "loader/linux_loader.hpp"

#include "arm64_image_synth.hpp"

extern "C" {
#include <libfdt.h>
}

#include <cstdlib>

using namespace pscisim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint64_t base = 0x40000000, ram = 1 << 24;
    std::vector<uint8_t> img = test::make_arm64_image({0xd503201f, 0xd503201f}, 0x1000, 0x4000);
    if (size > 0 && (data[0] & 1)) {
        for (size_t i = 1; i + 1 < size && i < 17; i += 2)
            img[data[i] % img.size()] ^= data[i + 1];
    } else {
        img.assign(data, data + size);
    }
    try {
        elf_image im = parse_arm64_image(img.data(), img.size(), "fuzz", base, ram);
        const elf_segment &s = im.segments.at(0);
        if (s.addr < base || s.addr + s.mem_size > base + ram || s.data.size() > s.mem_size ||
            im.entry != s.addr)
            std::abort();
    } catch (const usage_error &) {
    }
    try {
        gunzip(data, size, "fuzz", 1 << 20);
    } catch (const usage_error &) {
    }
    if (size > 2) {
        std::vector<uint8_t> gz = test::gzip_bytes(img);
        gz[data[1] % gz.size()] ^= data[2];
        try {
            std::vector<uint8_t> out = gunzip(gz.data(), gz.size(), "fuzz", 1 << 20);
            if (out.size() > (1u << 20)) std::abort();
        } catch (const usage_error &) {
        }
    }
    // As a device tree: raw bytes, or the generated tree with a few bytes changed.
    static const std::vector<uint8_t> tree = build_dtb(preset_config("fvp"));
    std::vector<uint8_t> dtb(data, data + size);
    if (size > 0 && (data[0] & 2)) {
        dtb = tree;
        for (size_t i = 1; i + 2 < size && i < 13; i += 3)
            dtb[(size_t(data[i]) << 8 | data[i + 1]) % dtb.size()] ^= data[i + 2];
    }
    try {
        std::vector<uint8_t> out =
            patch_dtb(dtb, {"console=ttyAMA0", {base + 0x400000, base + 0x500000}, base, ram}, "f");
        if (fdt_check_header(out.data()) != 0 || fdt_totalsize(out.data()) != out.size())
            std::abort();
    } catch (const usage_error &) {
    }
    return 0;
}
