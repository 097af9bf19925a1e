// Versatile Express (V2M) system registers as the FVP Base model has them, the
// subset Trusted Firmware-A's FVP port uses (TF-A include/plat/arm/board/common/
// v2m_def.h, plat/arm/board/fvp/fvp_common.c fvp_config_setup(), fvp_pm.c
// fvp_system_off()/fvp_system_reset()).
//
// SYS_ID identifies the board: TF-A panics unless ARCH = 1 (model) and BLD = 1
// (the A53/A57 GIC memory map), and picks the interconnect from HBI and REV.
// SYS_CFGCTRL starts a configuration-bus function; shutdown (8) and reboot (9)
// are platform events the system builder acts on.
#pragma once

#include <cstdint>
#include <functional>

#include "pscisim/fvp/bank_device.h"

namespace pscisim
{

class v2m_sysregs : public bank_device
{
  public:
    static constexpr uint64_t size = 0x10000; // V2M_SYSREGS_SIZE
    enum : uint64_t {
        SYS_ID = 0x00,
        SYS_SWITCH = 0x04,
        SYS_LED = 0x08,
        SYS_FLAGS = 0x30, // read: flags; write: SYS_FLAGSSET
        SYS_FLAGSCLR = 0x34,
        SYS_NVFLAGS = 0x38, // read: flags; write: SYS_NVFLAGSSET
        SYS_NVFLAGSCLR = 0x3C,
        SYS_CFGDATA = 0xA0,
        SYS_CFGCTRL = 0xA4,
        SYS_CFGSTAT = 0xA8,
    };
    // SYS_ID fields (v2m_def.h) and the values of a Base FVP with a CCI-400
    // (fvp_def.h: HBI_BASE_FVP 0x020, REV_BASE_FVP_V0 0, BLD_GIC_A53A57_MMAP 1,
    // ARCH_MODEL 1). REV_BASE_FVP_REVC (2) would make TF-A look for a CCI-550 at
    // 0x2A000000 and an SMMUv3, which this machine does not have.
    static constexpr uint32_t sys_id_value =
        (0x0u << 28) | (0x020u << 16) | (0x1u << 12) | (0x1u << 8);
    enum : uint32_t {
        CFGCTRL_START = 1u << 31,
        CFGCTRL_WRITE = 1u << 30,
        CFGCTRL_FUNC_SHIFT = 20,
        CFGCTRL_FUNC_MASK = 0x3F,
        FUNC_SHUTDOWN = 0x08,
        FUNC_REBOOT = 0x09,
        CFGSTAT_COMPLETE = 1u << 0,
        CFGSTAT_ERROR = 1u << 1,
    };

    // What a configuration function asks of the platform.
    enum class platform_event { shutdown, reboot };
    std::function<void(platform_event)> on_event;

    explicit v2m_sysregs(sc_core::sc_module_name name);
    void reset() override;

  private:
    reg id_, sw_, led_, flags_, flagsclr_, nvflags_, nvflagsclr_, cfgdata_, cfgctrl_, cfgstat_;
};

} // namespace pscisim
