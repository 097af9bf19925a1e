// Fuzzes the ELF loader: the input is XORed over a valid synthetic AArch64 ELF (so most
// inputs get past the magic and reach program-header and segment checks) and must yield
// either a loadable image inside RAM or a usage_error, never a crash.
#include "loader/elf_loader.hpp"
#include "elf_synth.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pscisim_test::synth_elf e;
    e.segments.push_back({0x40081000, std::vector<uint8_t>(16, 0xAA), 64, PT_LOAD});
    std::vector<uint8_t> img = e.build();
    if (size > 0 && (data[0] & 1)) {
        // Odd first byte: XOR the rest over the image; extra bytes are appended.
        for (size_t i = 1; i < size; ++i) {
            if (i - 1 < img.size())
                img[i - 1] ^= data[i];
            else
                img.push_back(data[i]);
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
