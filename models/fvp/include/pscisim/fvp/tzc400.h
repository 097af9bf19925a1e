// TZC-400 TrustZone address space controller: the programming interface Trusted
// Firmware-A's driver uses (drivers/arm/tzc/tzc400.c, include/drivers/arm/
// tzc400.h, tzc_common.h; plat/arm/common/arm_tzc400.c): ID and build
// configuration, gate keeper, action, speculation control, the nine regions'
// base/top/attributes/ID-access registers, and the filtering they program.
//
// Filtering (CoreLink TZC-400 TRM, "Functional description"): an access is checked
// against the regions enabled for its filter unit; none matching means region 0
// (the background); two or more matching is a region overlap and fails. A Secure
// access needs the region's s_rd_en/s_wr_en (ATTRIBUTES [30]/[31]); a Non-secure
// one needs the read/write enable of its NSAID in ID_ACCESS ([n] / [16 + n]).
// A failed access is answered per ACTION: OKAY with zeros and the write dropped
// (reaction 0b00/0b10) or an error response (0b01/0b11); it sets INT_STATUS and,
// if that filter's status was clear, the FAIL_* registers (else the overrun
// flag). The interrupt output is not connected (the FVP port does not use it).
// While the gate keeper holds a filter closed the model does not filter through
// it (see check()).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "pscisim/device.h"
#include "pscisim/fvp/bank_device.h"

namespace pscisim
{

class tzc400 : public bank_device
{
  public:
    static constexpr uint64_t size = 0x1000;
    static constexpr unsigned num_filters = 4;
    static constexpr unsigned num_regions = 9; // region 0 (background) + 8
    static constexpr unsigned addr_width = 64; // TF-A programs FVP DRAM up to 52 bits
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

    // An access through filter unit `filter` at `addr` (Secure when !ns; a
    // Non-secure access carries `nsaid`): how the TZC answers it. A filter whose
    // gate is closed passes everything: on hardware its accesses would wait for
    // the gate to open, which TF-A never lets happen to an access it makes
    // (it closes the gates only while it reprograms the regions). A refused
    // access is recorded (INT_STATUS, FAIL_*), as the hardware does, unless this
    // is a probe (no access is made: the core asks ahead).
    filter_verdict check(unsigned filter, uint64_t addr, bool ns, bool write, unsigned nsaid,
                         bool probe = false);
    // The answers of check() may have changed (a register write): called after
    // every write to a register that affects them.
    std::function<void()> on_change;
    // Back to the reset values, which change the answers too.
    void reset() override
    {
        bank_device::reset();
        changed();
    }
    // The NSAID of the FVP Base cores' Non-secure accesses (fvp_def.h FVP_NSAID_AP).
    static constexpr unsigned fvp_ap_nsaid = 9;

    // INT_STATUS fields (per filter f): status [f], overrun [8 + f], overlap [16 + f].
    // FAIL_CONTROL: direction [24] (1: write), non_secure [21].
    enum : uint32_t { FAIL_CONTROL_WRITE = 1u << 24, FAIL_CONTROL_NS = 1u << 21 };

  private:
    void changed()
    {
        if (on_change) on_change();
    }
    void record_failure(unsigned filter, uint64_t addr, bool ns, bool write, bool overlap);

    reg build_, action_, gate_, spec_, int_status_, int_clear_, fail_, pid_lo_, pid_hi_, cid_;
    std::unique_ptr<reg> base_lo_[num_regions], base_hi_[num_regions], top_lo_[num_regions],
        top_hi_[num_regions], attr_[num_regions], id_[num_regions];
};

} // namespace pscisim
