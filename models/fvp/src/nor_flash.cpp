#include "pscisim/fvp/nor_flash.h"

#include <cstring>
#include <stdexcept>

#include "pscisim/device.h"
#include "pscisim/guest_log.h"

namespace pscisim
{

nor_flash::nor_flash(sc_core::sc_module_name name, uint64_t size)
    : sc_module(name), socket("socket"), data_(size, 0xFF), locked_(size / block_size, false)
{
    if (size == 0 || size % block_size)
        throw std::invalid_argument(std::string(basename()) +
                                    ": size must be a whole number of 256 KiB blocks");
    socket.register_b_transport(this, &nor_flash::b_transport);
    socket.register_transport_dbg(this, &nor_flash::transport_dbg);
}

void nor_flash::reset()
{
    mode_ = mode::read_array;
    status_ = 0;
}

uint32_t nor_flash::word(uint64_t offset) const
{
    uint32_t v;
    std::memcpy(&v, &data_.at(offset & ~3ull), 4);
    return v;
}

void nor_flash::b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &)
{
    if (gp.get_byte_enable_ptr()) {
        gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    gp.set_response_status(
        access(gp.is_write(), gp.get_address(), gp.get_data_ptr(), gp.get_data_length(), false));
}

unsigned int nor_flash::transport_dbg(tlm::tlm_generic_payload &gp)
{
    // Debug access reaches the array directly in either direction (loaders).
    uint64_t off = gp.get_address();
    unsigned len = gp.get_data_length();
    if (off >= data_.size() || len > data_.size() - off) return 0;
    if (gp.is_write())
        std::memcpy(&data_[off], gp.get_data_ptr(), len);
    else
        std::memcpy(gp.get_data_ptr(), &data_[off], len);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    return len;
}

tlm::tlm_response_status nor_flash::access(bool write, uint64_t off, uint8_t *data, unsigned len,
                                           bool)
{
    if (off >= data_.size() || len > data_.size() - off) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    if (!write) {
        if (mode_ == mode::read_array) {
            std::memcpy(data, &data_[off], len);
            return tlm::TLM_OK_RESPONSE;
        }
        // Status (and, unmodelled, ID/query) modes: each x16 chip returns its
        // status in its low byte.
        uint32_t v = status_ | (status_ << 16);
        for (unsigned i = 0; i < len; ++i)
            data[i] = uint8_t(v >> (8 * ((off + i) & 3)));
        return tlm::TLM_OK_RESPONSE;
    }
    // Commands and program data are 32-bit words (both chips at once).
    if (len != 4 || (off & 3)) {
        PSCISIM_GUEST_ERROR(name(), "%u-byte write at 0x%llx: the flash takes 32-bit commands", len,
                            (unsigned long long)off);
        return tlm::TLM_OK_RESPONSE; // the chips ignore it
    }
    uint32_t v;
    std::memcpy(&v, data, 4);
    command(off, v);
    return tlm::TLM_OK_RESPONSE;
}

void nor_flash::command(uint64_t off, uint32_t v)
{
    const uint64_t blk = off / block_size;
    if (mode_ == mode::program) {
        // Programming can only clear bits; a locked block refuses (status PS|BLS).
        if (locked_[blk]) {
            status_ |= SR_PS | SR_BLS;
        } else {
            uint32_t old = word(off);
            uint32_t nv = old & v;
            std::memcpy(&data_[off], &nv, 4);
        }
        status_ |= SR_DWS;
        mode_ = mode::read_status;
        return;
    }
    if (mode_ == mode::erase_setup) {
        if ((v & 0xFF) == CMD_CONFIRM) {
            if (locked_[blk])
                status_ |= SR_ES | SR_BLS;
            else
                std::memset(&data_[blk * block_size], 0xFF, block_size);
        } else {
            status_ |= SR_ES; // command sequence error
        }
        status_ |= SR_DWS;
        mode_ = mode::read_status;
        return;
    }
    if (mode_ == mode::lock_setup) {
        if ((v & 0xFF) == CMD_LOCK)
            locked_[blk] = true;
        else if ((v & 0xFF) == CMD_CONFIRM)
            locked_[blk] = false;
        status_ |= SR_DWS;
        mode_ = mode::read_status;
        return;
    }
    switch (v & 0xFF) {
    case CMD_READ_ARRAY: mode_ = mode::read_array; break;
    case CMD_READ_STATUS:
        mode_ = mode::read_status;
        status_ |= SR_DWS;
        break;
    case CMD_CLEAR_STATUS: status_ = 0; break;
    case CMD_WORD_PROGRAM: mode_ = mode::program; break;
    case CMD_BLOCK_ERASE: mode_ = mode::erase_setup; break;
    case CMD_LOCK_UNLOCK: mode_ = mode::lock_setup; break;
    default:
        PSCISIM_GUEST_ERROR(name(), "flash command 0x%02x at 0x%llx is not modelled", v & 0xFF,
                            (unsigned long long)off);
        mode_ = mode::read_status;
        status_ |= SR_DWS;
        break;
    }
}

PSCISIM_DEVICE_MODEL(nor_flash, "nor_flash")
{
    device_instance i;
    auto d = std::make_unique<nor_flash>(p.name.c_str(), p.window_sizes.at(0));
    nor_flash *self = d.get();
    i.windows = {&d->socket};
    i.reset = [self] { self->reset(); };
    i.module = std::move(d);
    return i;
}

} // namespace pscisim
