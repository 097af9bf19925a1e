// Builds small ELF images in memory (header, program headers, segment bytes; no
// sections) so loader tests can make any malformation they need.
#pragma once

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace pscisim_test
{

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
    std::vector<synth_segment> segments{
        synth_segment{0x40080000, {0x5f, 0x20, 0x03, 0xd5}, 0, PT_LOAD}};
    // Optional symbol table (adds .shstrtab, .strtab, .symtab and a section header table).
    struct symbol {
        std::string name;
        uint64_t value;
        unsigned char type = STT_FUNC;
        uint16_t shndx = 1;
    };
    std::vector<symbol> symbols;

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
        if (!symbols.empty()) add_symbols(out);
        return out;
    }

  private:
    void add_symbols(std::vector<uint8_t> &out) const
    {
        auto append = [&out](const void *p, size_t n) {
            size_t off = out.size();
            out.insert(out.end(), static_cast<const uint8_t *>(p),
                       static_cast<const uint8_t *>(p) + n);
            return off;
        };
        const char shstr[] = "\0.shstrtab\0.strtab\0.symtab"; // names at 1, 11, 19
        size_t shstr_off = append(shstr, sizeof shstr);
        std::string str(1, '\0');
        std::vector<Elf64_Sym> syms(1); // index 0: the null symbol
        for (const auto &sym : symbols) {
            Elf64_Sym e{};
            e.st_name = static_cast<uint32_t>(str.size());
            str += sym.name;
            str.push_back('\0');
            e.st_info = ELF64_ST_INFO(STB_GLOBAL, sym.type);
            e.st_shndx = sym.shndx;
            e.st_value = sym.value;
            syms.push_back(e);
        }
        size_t str_off = append(str.data(), str.size());
        while (out.size() % 8)
            out.push_back(0);
        size_t sym_off = append(syms.data(), syms.size() * sizeof(Elf64_Sym));
        while (out.size() % 8)
            out.push_back(0);
        Elf64_Shdr sh[4]{};
        sh[1].sh_name = 1;
        sh[1].sh_type = SHT_STRTAB;
        sh[1].sh_offset = shstr_off;
        sh[1].sh_size = sizeof shstr;
        sh[2].sh_name = 11;
        sh[2].sh_type = SHT_STRTAB;
        sh[2].sh_offset = str_off;
        sh[2].sh_size = str.size();
        sh[3].sh_name = 19;
        sh[3].sh_type = SHT_SYMTAB;
        sh[3].sh_offset = sym_off;
        sh[3].sh_size = syms.size() * sizeof(Elf64_Sym);
        sh[3].sh_link = 2;
        sh[3].sh_entsize = sizeof(Elf64_Sym);
        sh[3].sh_addralign = 8;
        size_t shoff = append(sh, sizeof sh);
        Elf64_Ehdr *eh = reinterpret_cast<Elf64_Ehdr *>(out.data());
        eh->e_shoff = shoff;
        eh->e_shentsize = sizeof(Elf64_Shdr);
        eh->e_shnum = 4;
        eh->e_shstrndx = 1;
    }

  public:
};

inline Elf64_Shdr *shdr(std::vector<uint8_t> &img, size_t i)
{
    auto *eh = reinterpret_cast<Elf64_Ehdr *>(img.data());
    return reinterpret_cast<Elf64_Shdr *>(img.data() + eh->e_shoff + i * sizeof(Elf64_Shdr));
}

inline Elf64_Phdr *phdr(std::vector<uint8_t> &img, size_t i)
{
    return reinterpret_cast<Elf64_Phdr *>(img.data() + sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr));
}

} // namespace pscisim_test
