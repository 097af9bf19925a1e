// Linux loading (platform/loader/linux_loader): arm64 Image headers, gzip-compressed
// Images, the initrd's placement, /chosen and /memory patched into generated and
// user device trees, and every bad input as one usage_error.
#include "loader/fdt_builder.hpp"
#include "loader/linux_loader.hpp"

#include "arm64_image_synth.hpp"
#include "elf_synth.hpp"

#include <gtest/gtest.h>

extern "C" {
#include <libfdt.h>
}

#include <cstdio>
#include <fstream>
#include <functional>

using namespace pscisim;
using namespace pscisim::test;

namespace
{

constexpr uint64_t ram_base = 0x40000000, ram_size = 256ull << 20;

std::string write_tmp(const std::string &name, const std::vector<uint8_t> &data)
{
    std::string path = ::testing::TempDir() + "/linux_loader_" + name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char *>(data.data()),
               static_cast<std::streamsize>(data.size()));
    return path;
}

std::string error_of(const std::function<void()> &f)
{
    try {
        f();
    } catch (const usage_error &e) {
        return e.what();
    }
    return "";
}

uint64_t prop_u64(const std::vector<uint8_t> &b, const char *path, const char *prop)
{
    int len = 0;
    const void *p = fdt_getprop(b.data(), fdt_path_offset(b.data(), path), prop, &len);
    EXPECT_EQ(len, 8) << path << " " << prop;
    return p && len == 8 ? fdt64_ld(static_cast<const fdt64_t *>(p)) : 0;
}

std::vector<uint32_t> prop_cells(const std::vector<uint8_t> &b, const char *path, const char *prop)
{
    int len = 0;
    const fdt32_t *p = static_cast<const fdt32_t *>(
        fdt_getprop(b.data(), fdt_path_offset(b.data(), path), prop, &len));
    std::vector<uint32_t> out;
    for (int i = 0; p && i < len / 4; ++i)
        out.push_back(fdt32_to_cpu(p[i]));
    return out;
}

} // namespace

TEST(Arm64Image, PlacedAtTwoMiBBasePlusTextOffsetWithImageSize)
{
    auto img = make_arm64_image(boot_protocol_check_code(), 0x80000, 0x300000);
    elf_image e = parse_arm64_image(img.data(), img.size(), "dir/Image", ram_base, ram_size);
    EXPECT_EQ(e.name, "Image");
    ASSERT_EQ(e.segments.size(), 1u);
    EXPECT_EQ(e.segments[0].addr, ram_base + 0x80000);
    EXPECT_EQ(e.entry, ram_base + 0x80000);
    EXPECT_EQ(e.segments[0].mem_size, 0x300000u); // .bss zeroed up to image_size
    EXPECT_EQ(e.segments[0].data, img);
    // RAM not starting on a 2 MiB boundary: the next one.
    e = parse_arm64_image(img.data(), img.size(), "Image", ram_base + 0x1000, ram_size);
    EXPECT_EQ(e.entry, ram_base + (2u << 20) + 0x80000);
}

TEST(Arm64Image, ImageSizeZeroIsALegacyKernelAtTextOffset0x80000)
{
    auto img = make_arm64_image({0xd503201f}, 0, 0);
    elf_image e = parse_arm64_image(img.data(), img.size(), "Image", ram_base, ram_size);
    EXPECT_EQ(e.entry, ram_base + 0x80000);
    EXPECT_EQ(e.segments[0].mem_size, img.size());
}

TEST(Arm64Image, BadHeadersAreOneError)
{
    auto img = make_arm64_image({0xd503201f}, 0, 0x10000);
    auto parse = [&](const std::vector<uint8_t> &b, uint64_t rs = ram_size) {
        return error_of([&] { parse_arm64_image(b.data(), b.size(), "k", ram_base, rs); });
    };
    EXPECT_EQ(parse(std::vector<uint8_t>(img.begin(), img.begin() + 32)),
              "k: too short for an arm64 Image header (32 bytes)");
    auto bad = img;
    bad[0x38] ^= 1;
    EXPECT_EQ(parse(bad), "k: no arm64 Image magic at offset 0x38");
    bad = img;
    put_le64(bad, 0x18, 1);
    EXPECT_EQ(parse(bad), "k: big-endian arm64 Image (flags bit 0) not supported");
    bad = img;
    put_le64(bad, 0x10, 0x20);
    EXPECT_EQ(parse(bad), "k: image_size 0x20 is smaller than the file (0x44 bytes)");
    bad = img;
    put_le64(bad, 0x08, 0x123);
    EXPECT_EQ(parse(bad), "k: text_offset 0x123 is not page aligned");
    EXPECT_EQ(
        parse(img, 0x8000),
        "k: the kernel (0x10000 bytes at text_offset 0x0) does not fit in RAM (0x8000 bytes)");
    bad = img;
    put_le64(bad, 0x08, ~0ull << 12); // wraps past the end of the address space
    EXPECT_NE(parse(bad).find("does not fit in RAM"), std::string::npos);
}

TEST(Arm64Image, KernelFileDetectsImageGzipAndElf)
{
    auto img = make_arm64_image(boot_protocol_check_code(), 0x200000, 0x400000);
    elf_image plain = parse_kernel_file(write_tmp("Image", img), ram_base, ram_size);
    elf_image gz = parse_kernel_file(write_tmp("vmlinuz", gzip_bytes(img)), ram_base, ram_size);
    EXPECT_EQ(plain.entry, ram_base + 0x200000);
    EXPECT_EQ(gz.entry, plain.entry);
    ASSERT_EQ(gz.segments.size(), 1u);
    EXPECT_EQ(gz.segments[0].data, img);
    EXPECT_EQ(gz.segments[0].mem_size, 0x400000u);

    pscisim_test::synth_elf eb; // one segment at 0x40080000
    elf_image elf = parse_kernel_file(write_tmp("k.elf", eb.build()), ram_base, ram_size);
    EXPECT_EQ(elf.entry, 0x40080000u);
    ASSERT_EQ(elf.segments.size(), 1u);
}

TEST(Arm64Image, BadKernelFilesAreOneError)
{
    auto img = make_arm64_image({0xd503201f}, 0, 0x10000);
    std::string p = write_tmp("text", {'h', 'e', 'l', 'l', 'o'});
    EXPECT_EQ(error_of([&] { parse_kernel_file(p, ram_base, ram_size); }),
              p + ": not an ELF, an arm64 Image or a gzip-compressed arm64 Image");
    auto gz = gzip_bytes(img);
    p = write_tmp("trunc.gz", std::vector<uint8_t>(gz.begin(), gz.begin() + gz.size() / 2));
    EXPECT_EQ(error_of([&] { parse_kernel_file(p, ram_base, ram_size); }),
              p + ": corrupt gzip data (truncated)");
    auto garbled = gz;
    garbled[12] ^= 0xff;
    garbled[13] ^= 0xff;
    p = write_tmp("bad.gz", garbled);
    EXPECT_NE(
        error_of([&] { parse_kernel_file(p, ram_base, ram_size); }).find(p + ": corrupt gzip data"),
        std::string::npos);
    p = write_tmp("text.gz", gzip_bytes(std::vector<uint8_t>(100, 'x')));
    EXPECT_EQ(error_of([&] { parse_kernel_file(p, ram_base, ram_size); }),
              p + ": gzip data is not an arm64 Image");
    EXPECT_EQ(error_of([&] { gunzip(gz.data(), gz.size(), "g", 0x10); }),
              "g: decompresses to more than 0x10 bytes");
    EXPECT_NE(error_of([&] { parse_kernel_file("/nonexistent/k", ram_base, ram_size); }), "");
}

TEST(Initrd, AfterTheKernelOnA2MiBBoundaryAndErrors)
{
    auto img = make_arm64_image({0xd503201f}, 0, 0x300001);
    elf_image e = parse_arm64_image(img.data(), img.size(), "Image", ram_base, ram_size);
    std::vector<uint8_t> rd(1000, 0x5a);
    initrd_range r = add_initrd(e, write_tmp("rd", rd), ram_base, ram_size);
    EXPECT_EQ(r.start, ram_base + 0x400000);
    EXPECT_EQ(r.end, r.start + 1000);
    ASSERT_EQ(e.segments.size(), 2u);
    EXPECT_EQ(e.segments[1].addr, r.start);
    EXPECT_EQ(e.segments[1].data, rd);

    std::string empty = write_tmp("empty", {});
    EXPECT_EQ(error_of([&] { add_initrd(e, empty, ram_base, ram_size); }),
              empty + ": the initrd is empty");
    elf_image small = parse_arm64_image(img.data(), img.size(), "Image", ram_base, 0x400000);
    std::string p = write_tmp("rd2", rd);
    EXPECT_EQ(error_of([&] { add_initrd(small, p, ram_base, 0x400000); }),
              p + ": the initrd (0x3e8 bytes) does not fit in RAM after the kernel (RAM ends at "
                  "0x40400000)");
    EXPECT_EQ(error_of([&] { add_initrd(e, "/nonexistent/rd", ram_base, ram_size); }),
              "/nonexistent/rd: cannot open initrd (No such file or directory)");
}

TEST(PatchDtb, GeneratedTreeGetsBootargsInitrdAndMemory)
{
    sim_config cfg = preset_config("fvp");
    cfg.ram_size = 512ull << 20;
    auto blob = build_dtb(cfg);
    chosen_patch p{
        "console=ttyAMA0 rdinit=/init", {0x40400000, 0x40400400}, ram_base, cfg.ram_size};
    auto out = patch_dtb(blob, p, "gen");
    ASSERT_EQ(fdt_check_header(out.data()), 0);
    EXPECT_EQ(fdt_totalsize(out.data()), out.size());
    EXPECT_STREQ(static_cast<const char *>(fdt_getprop(
                     out.data(), fdt_path_offset(out.data(), "/chosen"), "bootargs", nullptr)),
                 "console=ttyAMA0 rdinit=/init");
    EXPECT_EQ(prop_u64(out, "/chosen", "linux,initrd-start"), 0x40400000u);
    EXPECT_EQ(prop_u64(out, "/chosen", "linux,initrd-end"), 0x40400400u);
    // stdout-path of the generated tree kept.
    EXPECT_NE(
        fdt_getprop(out.data(), fdt_path_offset(out.data(), "/chosen"), "stdout-path", nullptr),
        nullptr);
    EXPECT_EQ(prop_cells(out, "/memory@40000000", "reg"),
              (std::vector<uint32_t>{0, 0x40000000, 0, 512u << 20}));
}

TEST(PatchDtb, UserTreeWithoutChosenAndOtherMemoryIsPatchedAsQemuDoes)
{
    // A user blob: 1/1 cells, two memory nodes of another size, no /chosen.
    std::vector<uint8_t> b(4096);
    ASSERT_EQ(fdt_create_empty_tree(b.data(), 4096), 0);
    int root = 0;
    fdt_setprop_u32(b.data(), root, "#address-cells", 1);
    fdt_setprop_u32(b.data(), root, "#size-cells", 1);
    for (const char *n : {"memory@40000000", "memory@80000000"}) {
        int m = fdt_add_subnode(b.data(), root, n);
        fdt_setprop_string(b.data(), m, "device_type", "memory");
        fdt_setprop_u32(b.data(), m, "reg", 0x1234);
    }
    fdt_pack(b.data());
    b.resize(fdt_totalsize(b.data()));
    std::string path = write_tmp("user.dtb", b);
    auto in = read_dtb_file(path);
    auto out = patch_dtb(in, {"quiet", {}, ram_base, 128u << 20}, path);
    EXPECT_EQ(prop_cells(out, "/memory@40000000", "reg"),
              (std::vector<uint32_t>{0x40000000, 128u << 20}));
    EXPECT_LT(fdt_path_offset(out.data(), "/memory@80000000"), 0);
    EXPECT_GE(fdt_path_offset(out.data(), "/chosen"), 0);
    EXPECT_EQ(fdt_getprop(out.data(), fdt_path_offset(out.data(), "/chosen"), "linux,initrd-start",
                          nullptr),
              nullptr);
    EXPECT_EQ(error_of([&] {
                  patch_dtb(in, {"", {}, 0x100000000ull, 1}, "u");
              }),
              "u: the RAM does not fit the root's #address-cells/#size-cells");
}

TEST(PatchDtb, BadUserTreesAreOneError)
{
    std::string p = write_tmp("junk.dtb", std::vector<uint8_t>(100, 0));
    EXPECT_EQ(error_of([&] { read_dtb_file(p); }), p + ": not a flattened device tree blob");
    p = write_tmp("big.dtb", std::vector<uint8_t>((2u << 20) + 1, 0));
    EXPECT_EQ(error_of([&] { read_dtb_file(p); }),
              p + ": too large for a device tree (2097153 bytes; at most 2097152)");
    EXPECT_EQ(error_of([&] { read_dtb_file("/nonexistent/x.dtb"); }),
              "/nonexistent/x.dtb: cannot open device tree (No such file or directory)");
    EXPECT_EQ(error_of([&] { patch_dtb(std::vector<uint8_t>(8, 0), {}, "z"); }),
              "z: not a flattened device tree blob");
    // Found by fuzz_linux_loader: a valid header over a truncated or damaged structure
    // block made libfdt write outside the buffer; the whole tree is checked first now.
    auto good = build_dtb(preset_config("fvp"));
    std::vector<uint8_t> half(good.begin(), good.begin() + static_cast<long>(good.size() / 2));
    EXPECT_EQ(error_of([&] { patch_dtb(half, {}, "h"); }), "h: not a flattened device tree blob");
    auto damaged = good;
    damaged[fdt_off_dt_struct(good.data()) + 3] ^= 0x7f; // the first tag
    EXPECT_EQ(error_of([&] { patch_dtb(damaged, {}, "d"); }),
              "d: not a flattened device tree blob");
}
