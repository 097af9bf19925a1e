// Fuzzes the ELF loader. An input with an odd first byte is a list of sparse mutations
// (2-byte offset, 1-byte XOR) of a valid synthetic AArch64 ELF with a symbol table, so
// most inputs get past the magic and reach program-header, segment and symbol-table
// code; other inputs are used as raw files. Every input must yield either an image
// inside RAM or a usage_error, never a crash.
#include "loader/elf_loader.hpp"
#include "elf_synth.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pscisim_test::synth_elf e;
    e.segments.push_back({0x40081000, std::vector<uint8_t>(16, 0xAA), 64, PT_LOAD});
    e.symbols = {{"_start", 0x40080000, STT_FUNC, 1}, {"data", 0x40081000, STT_OBJECT, 1}};
    std::vector<uint8_t> img = e.build();
    if (size > 0 && (data[0] & 1)) {
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
            if (a < base || a + n > base + ram)
                std::abort();
            total += n;
        });
        (void)total;
    } catch (const pscisim::usage_error &) {
    }
    return 0;
}
