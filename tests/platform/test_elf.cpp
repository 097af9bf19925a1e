// ELF loader: a real cross-assembled image, and synthetic images for each kind of defect.
#include "loader/elf_loader.hpp"
#include "elf_synth.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

using namespace pscisim;
using pscisim_test::synth_elf;

namespace
{

constexpr uint64_t base = 0x40000000;
constexpr uint64_t ram = 256ull << 20;

void expect_error(const std::vector<uint8_t> &img, std::initializer_list<const char *> frags,
                  uint64_t ram_size = ram)
{
    try {
        parse_elf(img.data(), img.size(), "dir/guest.elf", base, ram_size);
        ADD_FAILURE() << "no error; expected '" << *frags.begin() << "'";
    } catch (const usage_error &e) {
        std::string m = e.what();
        EXPECT_EQ(m.rfind("dir/guest.elf: ", 0), 0u) << m;
        for (const char *f : frags)
            EXPECT_NE(m.find(f), std::string::npos) << "message '" << m << "' lacks '" << f << "'";
    }
}

// Guest memory as a sparse byte map, to check exactly what the loader wrote.
struct fake_ram {
    std::map<uint64_t, uint8_t> bytes;
    size_t writes = 0;
    guest_write_fn fn()
    {
        return [this](uint64_t a, const uint8_t *d, size_t n) {
            ++writes;
            for (size_t i = 0; i < n; ++i)
                bytes[a + i] = d[i];
        };
    }
};

} // namespace

TEST(ElfLoader, LoadsCrossAssembledImage)
{
    std::string path = PSCISIM_TINY_ELF;
    if (path.empty()) GTEST_SKIP() << "aarch64-linux-gnu-gcc not found at configure time";
    fake_ram mem;
    // Pre-fill .bss with garbage: the loader must zero it.
    for (uint64_t a = 0x40081004; a < 0x40081104; ++a)
        mem.bytes[a] = 0xEE;
    elf_image img = load_elf(path, base, ram, mem.fn());
    EXPECT_EQ(img.name, "tiny.elf");
    EXPECT_EQ(img.entry, 0x40080000u);
    ASSERT_EQ(img.segments.size(), 2u);
    EXPECT_EQ(img.segments[0].addr, 0x40080000u);
    EXPECT_EQ(img.segments[1].addr, 0x40081000u);
    EXPECT_EQ(img.segments[1].data.size(), 4u);
    EXPECT_EQ(img.segments[1].mem_size, 0x104u);
    EXPECT_EQ(img.symbol("_start"), 0x40080000u);
    EXPECT_EQ(img.symbol("magic"), 0x40081000u);
    EXPECT_EQ(img.symbol("scratch"), 0x40081004u);
    EXPECT_FALSE(img.symbol("nonexistent").has_value());
    // First instruction: LDR x0, <literal> (0x58......).
    EXPECT_EQ(mem.bytes[0x40080003] & 0xFF, 0x58);
    // magic = 0x5053c151, little-endian.
    EXPECT_EQ(mem.bytes[0x40081000], 0x51);
    EXPECT_EQ(mem.bytes[0x40081001], 0xc1);
    EXPECT_EQ(mem.bytes[0x40081002], 0x53);
    EXPECT_EQ(mem.bytes[0x40081003], 0x50);
    for (uint64_t a = 0x40081004; a < 0x40081104; ++a)
        ASSERT_EQ(mem.bytes[a], 0) << std::hex << a;
    EXPECT_EQ(mem.bytes.count(0x40081104), 0u);

    // Restoring the image (SYSTEM_RESET) writes the same bytes again.
    fake_ram again;
    write_elf_image(img, again.fn());
    for (const auto &[a, v] : again.bytes)
        EXPECT_EQ(mem.bytes[a], v);
    EXPECT_EQ(again.bytes.size(), 0x18u + 0x104u);
}

TEST(ElfLoader, RealImageRejectedWhenRamTooSmall)
{
    std::string path = PSCISIM_TINY_ELF;
    if (path.empty()) GTEST_SKIP() << "aarch64-linux-gnu-gcc not found at configure time";
    try {
        parse_elf_file(path, base, 0x81000); // RAM ends inside the data segment
        FAIL() << "no error";
    } catch (const usage_error &e) {
        EXPECT_NE(std::string(e.what()).find("segment 1 at 0x40081000"), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("outside RAM 0x40000000..0x40080fff"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ElfLoader, SyntheticImageAndBssZeroFill)
{
    synth_elf e;
    e.segments.push_back({0x40090000, {1, 2, 3}, 0x20000, PT_LOAD}); // bss beyond 64 KiB chunk
    e.segments.push_back({0x50000000, {9}, 0, PT_NOTE});             // not loaded
    auto bytes = e.build();
    fake_ram mem;
    elf_image img = parse_elf(bytes.data(), bytes.size(), "x.elf", base, ram);
    write_elf_image(img, mem.fn());
    EXPECT_EQ(img.segments.size(), 2u);
    EXPECT_EQ(mem.bytes.size(), 4u + 0x20000u);
    EXPECT_EQ(mem.bytes[0x40090002], 3);
    EXPECT_EQ(mem.bytes[0x4009ffff + 0x10000], 0);
    EXPECT_TRUE(img.symbols.empty());
}

TEST(ElfLoader, RejectsNonElfAndTruncated)
{
    expect_error({}, {"not an ELF file"});
    expect_error({'#', '!', '/', 'b', 'i', 'n'}, {"not an ELF file"});
    auto good = synth_elf{}.build();
    expect_error(std::vector<uint8_t>(good.begin(), good.begin() + 20), {"truncated ELF header"});
    // Header intact, program headers cut.
    expect_error(std::vector<uint8_t>(good.begin(), good.begin() + 80), {"truncated"});
    // Program headers intact, segment bytes cut.
    expect_error(std::vector<uint8_t>(good.begin(), good.end() - 2), {"truncated", "segment 0"});
}

TEST(ElfLoader, RejectsWrongKind)
{
    synth_elf e;
    e.machine = EM_X86_64;
    expect_error(e.build(), {"not an AArch64 ELF", "e_machine 62"});
    e = synth_elf{};
    e.elf_class = ELFCLASS32;
    expect_error(e.build(), {"not a 64-bit ELF"});
    e = synth_elf{};
    e.data = ELFDATA2MSB;
    expect_error(e.build(), {"not a little-endian ELF"});
    e = synth_elf{};
    e.type = ET_DYN;
    expect_error(e.build(), {"not an executable ELF", "PIE"});
    e = synth_elf{};
    e.type = ET_REL;
    expect_error(e.build(), {"relocatable"});
}

TEST(ElfLoader, RejectsBadSegments)
{
    synth_elf e;
    e.segments[0].paddr = 0x1000; // below RAM
    e.entry = 0x1000;
    expect_error(e.build(), {"segment 0 at 0x1000", "outside RAM 0x40000000..0x4fffffff"});

    e = synth_elf{};
    e.segments.push_back({0x4ffffff0, {1}, 0x20, PT_LOAD}); // crosses the end of RAM
    expect_error(e.build(), {"segment 1 at 0x4ffffff0", "size 0x20", "outside RAM"});

    e = synth_elf{};
    e.segments.push_back({0xfffffffffffffff0ull, {1}, 0x20, PT_LOAD}); // address wraps
    expect_error(e.build(), {"segment 1", "outside RAM"});

    e = synth_elf{};
    e.segments.push_back({0x40080002, {1, 2}, 0, PT_LOAD});
    expect_error(e.build(), {"overlap"});

    e = synth_elf{};
    e.entry = 0x40070000;
    expect_error(e.build(), {"entry point 0x40070000", "not inside a loaded segment"});

    e = synth_elf{};
    e.segments[0].type = PT_NOTE;
    expect_error(e.build(), {"no loadable"});

    auto img = synth_elf{}.build();
    pscisim_test::phdr(img, 0)->p_memsz = 2; // filesz 4 > memsz 2
    expect_error(img, {"file size 0x4 exceeds memory size 0x2"});

    img = synth_elf{}.build();
    pscisim_test::phdr(img, 0)->p_offset = 0xffffffffffffff00ull;
    expect_error(img, {"truncated", "segment 0"});

    img = synth_elf{}.build();
    reinterpret_cast<Elf64_Ehdr *>(img.data())->e_phnum = 0;
    expect_error(img, {"no program headers"});
}

TEST(ElfLoader, SymbolsFromSyntheticSymtab)
{
    synth_elf e;
    e.symbols = {{"main", 0x40080000, STT_FUNC, 1},
                 {"table", 0x40080100, STT_OBJECT, 1},
                 {"undef", 0, STT_NOTYPE, SHN_UNDEF}, // undefined: left out
                 {"file.c", 0, STT_FILE, SHN_ABS},    // not a code/data symbol
                 {"label", 0x40080004, STT_NOTYPE, 1}};
    auto img = e.build();
    elf_image im = parse_elf(img.data(), img.size(), "s.elf", base, ram);
    EXPECT_EQ(im.symbols.size(), 3u);
    EXPECT_EQ(im.symbol("main"), 0x40080000u);
    EXPECT_EQ(im.symbol("table"), 0x40080100u);
    EXPECT_EQ(im.symbol("label"), 0x40080004u);
    EXPECT_FALSE(im.symbol("undef").has_value());
    EXPECT_FALSE(im.symbol("file.c").has_value());
}

TEST(ElfLoader, DamagedSymbolTableDoesNotStopLoading)
{
    // Symbols are a convenience: a damaged table loses them, the image still loads.
    synth_elf e;
    e.symbols = {{"main", 0x40080000, STT_FUNC, 1}};
    auto good = e.build();

    auto img = good;
    pscisim_test::shdr(img, 3)->sh_offset = 0xfffffff0; // symtab past the end of the file
    elf_image a = parse_elf(img.data(), img.size(), "a.elf", base, ram);
    EXPECT_TRUE(a.symbols.empty());
    EXPECT_EQ(a.segments.size(), 1u);

    img = good;
    pscisim_test::shdr(img, 3)->sh_link = 77; // no such string table
    elf_image b = parse_elf(img.data(), img.size(), "b.elf", base, ram);
    EXPECT_TRUE(b.symbols.empty());

    img = good;
    pscisim_test::shdr(img, 3)->sh_entsize = 0;
    EXPECT_TRUE(parse_elf(img.data(), img.size(), "c.elf", base, ram).symbols.empty());

    img = good;
    pscisim_test::shdr(img, 2)->sh_size = 2; // name offset beyond the string table
    EXPECT_FALSE(parse_elf(img.data(), img.size(), "d.elf", base, ram).symbol("main").has_value());
}

TEST(ElfLoader, FileErrors)
{
    try {
        parse_elf_file("/nonexistent/guest.elf", base, ram);
        FAIL();
    } catch (const usage_error &e) {
        EXPECT_STREQ(e.what(),
                     "/nonexistent/guest.elf: cannot open ELF file (No such file or directory)");
    }
    std::string path = ::testing::TempDir() + "pscisim_empty.elf";
    std::ofstream(path).close();
    try {
        parse_elf_file(path, base, ram);
        FAIL();
    } catch (const usage_error &e) {
        EXPECT_NE(std::string(e.what()).find("not an ELF file"), std::string::npos);
    }
}
