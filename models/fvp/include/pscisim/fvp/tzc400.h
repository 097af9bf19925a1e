// TZC-400 TrustZone address space controller: the programming interface Trusted
// Firmware-A's driver uses (drivers/arm/tzc/tzc400.c, include/drivers/arm/
// tzc400.h, tzc_common.h; plat/arm/common/arm_tzc400.c): ID and build
// configuration, gate keeper, action, speculation control, and the nine regions'
// base/top/attributes/ID-access registers, stored and read back.
//
// The filtering itself is not modelled: the bus carries no security attribute or
// NSAID yet, so every access is permitted whatever the regions say
// (docs/firmware-mode.md).
#pragma once

#include <cstdint>
#include <memory>

#include "pscisim/fvp/bank_device.h"

namespace pscisim
{

class tzc400 : public bank_device
{
  public:
    static constexpr uint64_t size = 0x1000;
    static constexpr unsigned num_filters = 4;
    static constexpr unsigned num_regions = 9; // region 0 (background) + 8
    static constexpr unsigned addr_width = 40;
    enum : uint64_t {
        BUILD_CONFIG = 0x000,
        ACTION = 0x004,
        GATE_KEEPER = 0x008,
        SPECULATION_CTRL = 0x00C,
        INT_STATUS = 0x010,
        INT_CLEAR = 0x014,
        FAIL_BASE = 0x020,   // per filter: + 0x10 * f: ADDRESS_LOW, ADDRESS_HIGH, CONTROL, ID
        REGION_BASE = 0x100, // region n at REGION_BASE + REGION_STRIDE * n
        REGION_STRIDE = 0x20,
        R_BASE_LOW = 0x0,
        R_BASE_HIGH = 0x4,
        R_TOP_LOW = 0x8,
        R_TOP_HIGH = 0xC,
        R_ATTRIBUTES = 0x10,
        R_ID_ACCESS = 0x14,
        PID4 = 0xFD0,
        PID0 = 0xFE0,
        CID0 = 0xFF0,
    };
    // BUILD_CONFIG: NF [25:24] = filters - 1, AW [13:8] = address width - 1,
    // NR [4:0] = regions - 1 (tzc400.h BUILD_CONFIG_*).
    static constexpr uint32_t build_config_value =
        ((num_filters - 1) << 24) | ((addr_width - 1) << 8) | (num_regions - 1);
    // Peripheral ID 0x460 (tzc400.h TZC_400_PERIPHERAL_ID) in PID0[7:0] and
    // PID1[3:0].
    static constexpr uint32_t pid[8] = {0x60, 0xB4, 0x0B, 0x00, 0x04, 0x00, 0x00, 0x00};
    static constexpr uint32_t cid[4] = {0x0D, 0xF0, 0x05, 0xB1};

    explicit tzc400(sc_core::sc_module_name name);

    // Region n as programmed: [base, top] inclusive, attributes, ID access.
    struct region {
        uint64_t base, top;
        uint32_t attributes, id_access;
    };
    region get_region(unsigned n) const;
    // The filters the gate keeper has opened (GATE_KEEPER.open_status).
    uint32_t open_filters() const { return uint32_t(gate_ >> 16) & 0xF; }

  private:
    reg build_, action_, gate_, spec_, int_status_, int_clear_, fail_, pid_lo_, pid_hi_, cid_;
    std::unique_ptr<reg> base_lo_[num_regions], base_hi_[num_regions], top_lo_[num_regions],
        top_hi_[num_regions], attr_[num_regions], id_[num_regions];
};

} // namespace pscisim
