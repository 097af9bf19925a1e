// Synthetic arm64 Images (Documentation/arch/arm64/booting.rst header) for the loader
// tests, and a gzip compressor for the vmlinuz form.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace pscisim::test
{

inline void put_le64(std::vector<uint8_t> &b, size_t off, uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        b[off + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}
inline void put_le32(std::vector<uint8_t> &b, size_t off, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b[off + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}

// code0 branches over the header to `code` at offset 0x40.
inline std::vector<uint8_t> make_arm64_image(const std::vector<uint32_t> &code,
                                             uint64_t text_offset, uint64_t image_size,
                                             uint64_t flags = 0xa)
{
    std::vector<uint8_t> b(0x40 + 4 * code.size());
    put_le32(b, 0x00, 0x14000010); // b #0x40
    put_le64(b, 0x08, text_offset);
    put_le64(b, 0x10, image_size);
    put_le64(b, 0x18, flags);
    put_le32(b, 0x38, 0x644d5241);
    for (size_t i = 0; i < code.size(); ++i)
        put_le32(b, 0x40 + 4 * i, code[i]);
    return b;
}

// The guest of the boot-protocol test: x0 must point at a DTB (its magic), x1..x3
// must be 0; then SYSTEM_OFF (exit 0), else SYSTEM_RESET (exit 4 with --reset-exits).
inline std::vector<uint32_t> boot_protocol_check_code()
{
    return {
        0xb9400004, // ldr  w4, [x0]
        0x5281ba05, // movz w5, #0x0dd0
        0x72bdbfc5, // movk w5, #0xedfe, lsl #16  (d00dfeed big-endian, read little-endian)
        0x6b05009f, // cmp  w4, w5
        0x54000101, // b.ne fail
        0xaa020026, // orr  x6, x1, x2
        0xaa0300c6, // orr  x6, x6, x3
        0xb50000a6, // cbnz x6, fail
        0x52800100, // movz w0, #0x8          SYSTEM_OFF 0x84000008
        0x72b08000, // movk w0, #0x8400, lsl #16
        0xd4000003, // smc  #0
        0x14000000, // b .
        0x52800120, // fail: movz w0, #0x9    SYSTEM_RESET 0x84000009
        0x72b08000, // movk w0, #0x8400, lsl #16
        0xd4000003, // smc  #0
        0x14000000, // b .
    };
}

inline std::vector<uint8_t> gzip_bytes(const std::vector<uint8_t> &in)
{
    z_stream s{};
    if (deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::vector<uint8_t> out(deflateBound(&s, static_cast<uLong>(in.size())) + 64);
    s.next_in = const_cast<Bytef *>(in.data());
    s.avail_in = static_cast<uInt>(in.size());
    s.next_out = out.data();
    s.avail_out = static_cast<uInt>(out.size());
    if (deflate(&s, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

} // namespace pscisim::test
