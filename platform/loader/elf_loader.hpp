// Guest ELF loading (libelf). Accepts only what the platform can run: ELF64,
// little-endian, EM_AARCH64, ET_EXEC, PT_LOAD segments entirely inside RAM.
#pragma once

#include "config/errors.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pscisim
{

// Receives the bytes to place at guest physical address `addr` (the platform connects it
// to the bus's debug transport or directly to RAM).
using guest_write_fn = std::function<void(uint64_t addr, const uint8_t *data, size_t len)>;

struct elf_segment {
    uint64_t addr = 0;         // p_paddr: load address (no MMU at reset)
    uint64_t mem_size = 0;     // p_memsz; bytes past data.size() are zero (.bss)
    uint32_t flags = 0;        // PF_R/PF_W/PF_X
    std::vector<uint8_t> data; // p_filesz bytes from the file
};

struct elf_image {
    std::string name; // basename of the file, for reports
    uint64_t entry = 0;
    std::vector<elf_segment> segments;       // sorted by address
    std::map<std::string, uint64_t> symbols; // STT_FUNC/STT_OBJECT/STT_NOTYPE with a name
    std::optional<uint64_t> symbol(const std::string &name) const;
};

// Parses and checks an ELF from memory without writing anything. `name` is used in
// messages. Throws usage_error ("<name>: <problem>") for anything malformed or not
// loadable into RAM [ram_base, ram_base + ram_size).
elf_image parse_elf(const uint8_t *data, size_t size, const std::string &name, uint64_t ram_base,
                    uint64_t ram_size);
// Reads the file first: it must be a regular file of at most max_elf_file_size bytes
// (a device, FIFO or directory is refused by name, never read).
elf_image parse_elf_file(const std::string &path, uint64_t ram_base, uint64_t ram_size);
constexpr uint64_t max_elf_file_size = 1ull << 30;

// Writes every segment (file bytes, then zeros up to mem_size). Used at start-up and
// again on SYSTEM_RESET to restore the image.
void write_elf_image(const elf_image &img, const guest_write_fn &write);

// A range of guest memory written before the cores start (an image segment, a --load
// file, the device tree), named for messages ("the guest ELF's segment 0").
struct load_range {
    std::string what;
    uint64_t addr = 0, size = 0;
};
// usage_error naming both ranges and their addresses when two of them overlap: the one
// written later would silently replace part of the other.
void check_load_overlaps(const std::vector<load_range> &ranges);

// parse_elf_file + write_elf_image.
elf_image load_elf(const std::string &path, uint64_t ram_base, uint64_t ram_size,
                   const guest_write_fn &write);

} // namespace pscisim
