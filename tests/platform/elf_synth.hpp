// Builds small ELF images in memory (header, program headers, segment bytes; no
// sections) so loader tests can make any malformation they need.
#pragma once

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace pscisim_test {

struct synth_segment {
    uint64_t paddr = 0x40080000;
    std::vector<uint8_t> bytes;
    uint64_t memsz = 0; // 0: same as bytes.size()
    uint32_t type = PT_LOAD;
};

struct synth_elf {
    uint8_t elf_class = ELFCLASS64;
    uint8_t data = ELFDATA2LSB;
    uint16_t machine = EM_AARCH64;
    uint16_t type = ET_EXEC;
    uint64_t entry = 0x40080000;
    std::vector<synth_segment> segments{synth_segment{0x40080000, {0x5f, 0x20, 0x03, 0xd5}, 0, PT_LOAD}};

    std::vector<uint8_t> build() const
    {
        Elf64_Ehdr eh{};
        std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
        eh.e_ident[EI_CLASS] = elf_class;
        eh.e_ident[EI_DATA] = data;
        eh.e_ident[EI_VERSION] = EV_CURRENT;
        eh.e_type = type;
        eh.e_machine = machine;
        eh.e_version = EV_CURRENT;
        eh.e_entry = entry;
        eh.e_phoff = sizeof(Elf64_Ehdr);
        eh.e_ehsize = sizeof(Elf64_Ehdr);
        eh.e_phentsize = sizeof(Elf64_Phdr);
        eh.e_phnum = static_cast<uint16_t>(segments.size());
        std::vector<uint8_t> out(sizeof eh + segments.size() * sizeof(Elf64_Phdr));
        std::memcpy(out.data(), &eh, sizeof eh);
        for (size_t i = 0; i < segments.size(); ++i) {
            const auto &s = segments[i];
            Elf64_Phdr ph{};
            ph.p_type = s.type;
            ph.p_flags = PF_R | PF_X;
            ph.p_offset = out.size();
            ph.p_vaddr = ph.p_paddr = s.paddr;
            ph.p_filesz = s.bytes.size();
            ph.p_memsz = s.memsz ? s.memsz : s.bytes.size();
            ph.p_align = 4;
            std::memcpy(out.data() + sizeof eh + i * sizeof ph, &ph, sizeof ph);
            out.insert(out.end(), s.bytes.begin(), s.bytes.end());
        }
        return out;
    }
};

inline Elf64_Phdr *phdr(std::vector<uint8_t> &img, size_t i)
{
    return reinterpret_cast<Elf64_Phdr *>(img.data() + sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr));
}

} // namespace pscisim_test
