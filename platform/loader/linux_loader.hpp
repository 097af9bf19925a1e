// Loading a Linux kernel the way QEMU's -kernel/-initrd/-append/-dtb do: an arm64
// Image (Documentation/arch/arm64/booting.rst), also gzip-compressed as Debian's
// vmlinuz, or an ELF as before; an initrd placed in RAM; the device tree's /chosen
// (bootargs, linux,initrd-start/end) and /memory patched into the generated or the
// user's blob.
#pragma once

#include "loader/elf_loader.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pscisim
{

// arm64 Image header (booting.rst "Call the kernel image").
constexpr uint32_t arm64_image_magic = 0x644d5241; // "ARM\x64" at offset 0x38
constexpr size_t arm64_image_header_size = 64;
// Kernels with image_size 0 (before v3.17) used this text_offset.
constexpr uint64_t arm64_legacy_text_offset = 0x80000;
// The Image goes at a 2 MiB-aligned base + text_offset.
constexpr uint64_t arm64_image_align = 2ull << 20;
// The most a gzip-compressed Image may inflate to.
constexpr uint64_t max_inflated_image = 512ull << 20;
// The kernel's buffer for its command line, the terminating NUL included: Linux/arm64
// COMMAND_LINE_SIZE (arch/arm64/include/uapi/asm/setup.h, 2048 since v4.x). The
// kernel copies /chosen/bootargs into it and silently truncates anything longer.
constexpr size_t arm64_command_line_size = 2048;
// usage_error "<what>: ..." when `bootargs` does not fit arm64_command_line_size.
void check_command_line_length(const std::string &bootargs, const std::string &what);

// Inflates a gzip stream; usage_error "<name>: ..." on corrupt or oversized data.
std::vector<uint8_t> gunzip(const uint8_t *data, size_t size, const std::string &name,
                            uint64_t limit = max_inflated_image);

// True when the buffer starts with an arm64 Image header (magic at 0x38).
bool is_arm64_image(const uint8_t *data, size_t size);

// An arm64 Image as one segment at the first 2 MiB-aligned address of RAM plus
// text_offset, mem_size = image_size (the kernel's .bss included), entry = its first
// byte. usage_error for a truncated header, a big-endian kernel, an image_size
// smaller than the file, or a kernel that does not fit in RAM.
elf_image parse_arm64_image(const uint8_t *data, size_t size, const std::string &name,
                            uint64_t ram_base, uint64_t ram_size);

// The guest image from FILE, whatever its format: ELF, arm64 Image, or a gzip-
// compressed arm64 Image. usage_error naming the file for anything else: the ELF
// loader's message unless `kernel_option` (the file came from --kernel).
elf_image parse_kernel_file(const std::string &path, uint64_t ram_base, uint64_t ram_size,
                            bool kernel_option = true);

// Appends the initrd as a segment of `img` at the first 2 MiB boundary after every
// segment already there. Returns its [start, end). usage_error when the file cannot be
// read, is empty, or does not fit in RAM.
struct initrd_range {
    uint64_t start = 0, end = 0;
};
initrd_range add_initrd(elf_image &img, const std::string &path, uint64_t ram_base,
                        uint64_t ram_size);

// What the loader writes into the device tree (QEMU hw/arm/boot.c arm_load_dtb does
// the same for -append, -initrd and the RAM size).
struct chosen_patch {
    std::string bootargs;                // /chosen/bootargs when not empty
    initrd_range initrd;                 // linux,initrd-start/end when end > start
    uint64_t ram_base = 0, ram_size = 0; // the one /memory node
};

// Returns `blob` with /chosen and /memory set as above: /chosen is created if missing,
// every node with device_type "memory" is replaced by one memory@<base> node using the
// root's #address-cells/#size-cells. `name` names the blob in messages; usage_error
// when it is not a valid flattened device tree, the RAM does not fit its cells, or the
// resulting /chosen/bootargs (the blob's own when p.bootargs is empty) is longer than
// the kernel takes (arm64_command_line_size).
std::vector<uint8_t> patch_dtb(const std::vector<uint8_t> &blob, const chosen_patch &p,
                               const std::string &name);

// Reads a DTB file (usage_error when unreadable, larger than 2 MiB (booting.rst's limit)
// or not a flattened device tree).
std::vector<uint8_t> read_dtb_file(const std::string &path);

} // namespace pscisim
