// The NOR flash of the V2M motherboard as Trusted Firmware-A's FVP BL31 uses it:
// a window onto flash blocks (BL31 maps only the last 256 KiB block of flash 0,
// 0x0BFC0000, where the PSCI MEM_PROTECT flag lives: fvp_def.h
// PLAT_ARM_MEM_PROT_ADDR, plat/arm/common/arm_nor_psci_mem_protect.c), with the
// command set of TF-A's NOR driver (drivers/cfi/v2m/v2m_flash.c, include/drivers/
// cfi/v2m_flash.h): two x16 Intel/Sharp command-set chips side by side, so every
// command is written to both halves of a 32-bit word.
//
// Read array, read status, clear status, word program, block erase (+ confirm),
// lock/unlock; operations complete at once (status DWS set). Contents are
// non-volatile: a reset returns to read-array mode and keeps the data. Erased
// flash reads 0xFFFFFFFF.
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace pscisim
{

class nor_flash : public sc_core::sc_module
{
  public:
    static constexpr uint64_t block_size = 0x40000; // V2M_FLASH_BLOCK_SIZE
    enum : uint8_t {
        CMD_READ_ARRAY = 0xFF,
        CMD_READ_ID = 0x90,
        CMD_READ_QUERY = 0x98,
        CMD_READ_STATUS = 0x70,
        CMD_CLEAR_STATUS = 0x50,
        CMD_WORD_PROGRAM = 0x40,
        CMD_BLOCK_ERASE = 0x20,
        CMD_LOCK_UNLOCK = 0x60,
        CMD_CONFIRM = 0xD0, // erase confirm; unlock after CMD_LOCK_UNLOCK
        CMD_LOCK = 0x01,    // after CMD_LOCK_UNLOCK
    };
    enum : uint32_t {
        SR_DWS = 1u << 7, // device write status: ready
        SR_ES = 1u << 5,  // erase error
        SR_PS = 1u << 4,  // program error
        SR_BLS = 1u << 1, // block locked
    };

    tlm_utils::simple_target_socket<nor_flash> socket;

    // `size` bytes, a whole number of blocks.
    nor_flash(sc_core::sc_module_name name, uint64_t size);

    // Back to read-array mode; the contents stay (flash is non-volatile).
    void reset();
    uint32_t word(uint64_t offset) const;
    bool locked(uint64_t offset) const { return locked_.at(offset / block_size); }

  private:
    enum class mode { read_array, read_status, program, erase_setup, lock_setup };
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    unsigned int transport_dbg(tlm::tlm_generic_payload &gp);
    tlm::tlm_response_status access(bool write, uint64_t off, uint8_t *data, unsigned len,
                                    bool debug);
    void command(uint64_t off, uint32_t value);

    std::vector<uint8_t> data_;
    std::vector<bool> locked_;
    mode mode_ = mode::read_array;
    uint32_t status_ = 0; // per chip, in the low byte; reads replicate it
};

} // namespace pscisim
