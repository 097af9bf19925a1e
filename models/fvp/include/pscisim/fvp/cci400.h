// CCI-400 cache coherent interconnect: the register interface Trusted Firmware-A's
// CCI driver uses (drivers/arm/cci/cci.c, include/drivers/arm/cci.h): the part
// number in the peripheral ID registers, per-slave-interface snoop/DVM enables and
// the status register's change-pending bit.
//
// Coherency itself is not modelled (the ISS has no caches); an enable takes effect
// at once, so STATUS.change_pending always reads 0.
#pragma once

#include <cstdint>
#include <memory>

#include "pscisim/fvp/bank_device.h"

namespace pscisim
{

class cci400 : public bank_device
{
  public:
    static constexpr uint64_t size = 0x10000;
    static constexpr unsigned num_slaves = 5; // S0..S4 (CCI-400 TRM)
    enum : uint64_t {
        CTRL_OVERRIDE = 0x0,
        SPEC_CTRL = 0x4,
        SECURE_ACCESS = 0x8,
        STATUS = 0xC,
        IMPRECISE_ERR = 0x10,
        PERFMON_CTRL = 0x100,
        PERIPHERAL_ID4 = 0xFD0,
        PERIPHERAL_ID0 = 0xFE0,
        COMPONENT_ID0 = 0xFF0,
        SLAVE_BASE = 0x1000, // slave interface n at SLAVE_BASE + n * SLAVE_STRIDE
        SLAVE_STRIDE = 0x1000,
        SNOOP_CTRL = 0x0, // in a slave interface
        SHAREABLE_OVERRIDE = 0x4,
        READ_QOS_OVERRIDE = 0x100,
        WRITE_QOS_OVERRIDE = 0x104,
    };
    enum : uint32_t {
        SNOOP_EN = 1u << 0,
        DVM_EN = 1u << 1,
        SUPPORT_SNOOPS = 1u << 30,
        SUPPORT_DVM = 1u << 31,
    };
    // Part number 0x420 (cci.c CCI400_PART_NUM) from PERIPHERAL_ID0[7:0] and
    // PERIPHERAL_ID1[3:0]; JEP106 Arm designer code; revision field 0.
    static constexpr uint32_t pid[8] = {0x20, 0xB4, 0x0B, 0x00, 0x04, 0x00, 0x00, 0x00};
    static constexpr uint32_t cid[4] = {0x0D, 0xF0, 0x05, 0xB1};

    explicit cci400(sc_core::sc_module_name name);

    // What each slave interface supports (S0, S1: ACE-Lite; S2: ACE-Lite + DVM;
    // S3, S4: ACE, the two clusters' ports on the FVP, platform_def.h
    // PLAT_FVP_CCI400_CLUS0/1_SL_PORT).
    static uint32_t support(unsigned slave);
    bool snoops_enabled(unsigned slave) const { return (snoop_[slave]->get() & SNOOP_EN) != 0; }
    bool dvm_enabled(unsigned slave) const { return (snoop_[slave]->get() & DVM_EN) != 0; }

  private:
    reg ctrl_, spec_, secure_, status_, imprecise_, perfmon_, pid_lo_, pid_hi_, cid_;
    std::unique_ptr<reg> snoop_[num_slaves], share_[num_slaves], rqos_[num_slaves],
        wqos_[num_slaves];
};

} // namespace pscisim
