// Fuzzes the ELF loader. An input with an odd first byte is a list of sparse mutations
// (2-byte offset, 1-byte XOR) of a valid synthetic AArch64 ELF with a symbol table, so
// most inputs get past the magic and reach program-header, segment and symbol-table
// code; a first byte of 2 mod 4 sets header fields to huge or boundary values
// (EI_VERSION 0/3, e_phnum 0xffff, offsets and sizes near 2^64) and may truncate the
// result; other inputs are used as raw files. Every input must yield either an image
// inside RAM or a usage_error, never a crash. Non-regular files (/dev/zero, a FIFO,
// a directory) are checked once: refused by name, never read.
#include "loader/elf_loader.hpp"
#include "elf_synth.hpp"

#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace
{

// Files that are not regular (issue 15, item 6): each must be refused by name without
// being read (reading /dev/zero never ends; opening a FIFO blocks). Once per process.
void non_regular_files()
{
    static bool done = false;
    if (done) return;
    done = true;
    std::string fifo = "/tmp/pscisim_fuzz_elf_fifo_" + std::to_string(getpid());
    ::unlink(fifo.c_str());
    bool have_fifo = ::mkfifo(fifo.c_str(), 0600) == 0;
    for (const char *path : {"/dev/zero", "/dev/null", "/dev/urandom", "/", ".", fifo.c_str()}) {
        if (path == fifo && !have_fifo) continue;
        try {
            pscisim::parse_elf_file(path, 0x40000000, 1 << 24);
            std::abort(); // accepted a non-regular file
        } catch (const pscisim::usage_error &e) {
            if (std::strncmp(e.what(), path, std::strlen(path)) != 0)
                std::abort(); // the message must name the file
        }
    }
    if (have_fifo) ::unlink(fifo.c_str());
}

// Header fields that take huge or odd values: (offset, width) in an ELF64 header.
struct field {
    unsigned off, width;
};
const field header_fields[] = {{EI_VERSION, 1},
                               {EI_CLASS, 1},
                               {EI_DATA, 1},
                               {16, 2} /* e_type */,
                               {18, 2} /* e_machine */,
                               {20, 4} /* e_version */,
                               {24, 8} /* e_entry */,
                               {32, 8} /* e_phoff */,
                               {40, 8} /* e_shoff */,
                               {54, 2} /* e_phentsize */,
                               {56, 2} /* e_phnum */,
                               {58, 2} /* e_shentsize */,
                               {60, 2} /* e_shnum */,
                               {62, 2} /* e_shstrndx */,
                               {64 + 8, 8} /* ph[0].p_offset */,
                               {64 + 24, 8} /* ph[0].p_paddr */,
                               {64 + 32, 8} /* ph[0].p_filesz */,
                               {64 + 40, 8} /* ph[0].p_memsz */};
const uint64_t huge_values[] = {0,          1,          3,          0x7f,       0xff,
                                0xffff,     0xfffe,     0x7fffffff, 0xffffffff, 0x100000000ull,
                                0x40000000, 0x3fffffff, 1ull << 63, ~0ull,      ~0ull - 63};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    non_regular_files();
    pscisim_test::synth_elf e;
    e.segments.push_back({0x40081000, std::vector<uint8_t>(16, 0xAA), 64, PT_LOAD});
    e.symbols = {{"_start", 0x40080000, STT_FUNC, 1}, {"data", 0x40081000, STT_OBJECT, 1}};
    std::vector<uint8_t> img = e.build();
    if (size > 1 && (data[0] & 3) == 2) {
        // Header fields set to huge or boundary values (EI_VERSION 0 or 3, e_phnum
        // 0xffff, offsets and sizes near 2^64), then possibly truncated.
        for (size_t i = 1; i + 1 < size && i < 9; i += 2) {
            const field &f =
                header_fields[data[i] % (sizeof header_fields / sizeof *header_fields)];
            uint64_t v = huge_values[data[i + 1] % (sizeof huge_values / sizeof *huge_values)];
            if (f.off + f.width <= img.size())
                std::memcpy(img.data() + f.off, &v, f.width); // little-endian host and ELF
        }
        if (size > 9 && (data[9] & 1)) img.resize(data[9] % img.size());
    } else if (size > 0 && (data[0] & 1)) {
        // A few mutations only (1..8, from the first byte), so that many images stay
        // nearly valid and reach the deeper checks.
        size_t limit = 1 + 3 * (1 + ((data[0] >> 1) & 7));
        for (size_t i = 1; i + 2 < size && i < limit; i += 3) {
            size_t off = (static_cast<size_t>(data[i]) << 8 | data[i + 1]) % (img.size() + 1);
            if (off == img.size())
                img.resize(img.empty() ? 0 : data[i + 2] % img.size()); // truncate
            else
                img[off] ^= data[i + 2];
        }
    } else {
        img.assign(data, data + size); // raw bytes
    }
    const uint64_t base = 0x40000000, ram = 1 << 24;
    try {
        pscisim::elf_image im = pscisim::parse_elf(img.data(), img.size(), "fuzz", base, ram);
        for (const auto &s : im.segments)
            if (s.addr < base || s.addr + s.mem_size > base + ram || s.data.size() > s.mem_size)
                std::abort();
        uint64_t total = 0;
        pscisim::write_elf_image(im, [&](uint64_t a, const uint8_t *, size_t n) {
            if (a < base || a + n > base + ram) std::abort();
            total += n;
        });
        (void)total;
    } catch (const pscisim::usage_error &) {
    }
    return 0;
}
