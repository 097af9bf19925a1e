// The FVP power controller (FVP Reference Guide, "Base Platform power controller";
// TF-A drivers/arm/fvp/fvp_pwrc.c, include/drivers/arm/fvp/fvp_pwrc.h,
// plat/arm/board/fvp/fvp_pm.c, aarch64/fvp_helpers.S): software names a core by
// writing its MPIDR to a register.
//
//   0x00 PPOFFR  arm the core to power off at its next WFI (PSYSR.PP)
//   0x04 PPONR   power the core on (its cluster too); clears PP
//   0x08 PCOFFR  arm the core's cluster to power off when its last core is off
//   0x0C PWKUPR  MPIDR | WEN (bit 31): the core's GIC wake-up enable
//   0x10 PSYSR   write an MPIDR, read its status: AFF_L2/L1/L0 (31/30/29) the
//                system/cluster/core is on, WEN (28), PC (27), PP (26), the
//                reason of the core's last power-up WK [25:24] (0 cold, 1 system
//                reset, 2 PPONR, 3 GIC wake); 0xFFFFFFFF for an MPIDR that is not
//                a core of the machine.
//
// The register file holds the arming state; what is on comes from, and power-on
// requests go to, a backend: the platform's power sequencer (the timed core/
// cluster/system domains). The sequencer calls back when a core executes WFI
// (wfi_power_off()), when a core or cluster has reached OFF, and when a core
// powers up (powered_up()).
#pragma once

#include <cstdint>
#include <vector>

#include "pscisim/fvp/bank_device.h"

namespace pscisim
{

class fvp_pwrc_backend
{
  public:
    virtual ~fvp_pwrc_backend() = default;
    virtual bool core_on(unsigned core) const = 0;
    virtual bool cluster_on(unsigned cluster) const = 0;
    // PPONR: power the core (and its cluster) up unless it is ON and staying ON;
    // it restarts at its reset address. Called at the write's exact time.
    virtual void power_on(unsigned core) = 0;
};

class fvp_pwrc : public bank_device
{
  public:
    static constexpr uint64_t size = 0x1000;
    enum : uint64_t { PPOFFR = 0x00, PPONR = 0x04, PCOFFR = 0x08, PWKUPR = 0x0C, PSYSR = 0x10 };
    enum : uint32_t {
        PWKUPR_WEN = 1u << 31,
        PSYSR_AFF_L2 = 1u << 31,
        PSYSR_AFF_L1 = 1u << 30,
        PSYSR_AFF_L0 = 1u << 29,
        PSYSR_WEN = 1u << 28,
        PSYSR_PC = 1u << 27,
        PSYSR_PP = 1u << 26,
        PSYSR_WK_SHIFT = 24,
        PSYSR_INVALID = 0xFFFFFFFFu,
    };
    enum wake_reason : uint32_t { WKUP_COLD = 0, WKUP_RESET = 1, WKUP_PPONR = 2, WKUP_GICREQ = 3 };

    // `mpidrs`: every core of the machine in linear order (Aff1 = cluster,
    // Aff0 = core).
    fvp_pwrc(sc_core::sc_module_name name, const std::vector<uint64_t> &mpidrs);

    void attach(fvp_pwrc_backend &b) { backend_ = &b; }
    // Cold reset: nothing armed, every core's wake reason `why` (cold or reset).
    void reset() override { reset(WKUP_COLD); }
    void reset(wake_reason why);

    // -- The sequencer's side --
    // The core executes WFI: true if it is armed (PPOFFR) and must power off.
    bool wfi_power_off(unsigned core) const { return cores_.at(core).pp; }
    // The core's domain reached OFF: PP clears. True if its cluster is armed
    // (PCOFFR) and every core of the cluster is now off: the cluster powers off.
    bool core_powered_off(unsigned core);
    // The cluster reached OFF: PC clears.
    void cluster_powered_off(unsigned cluster) { pc_.at(cluster) = false; }
    // A GIC wake request for a core that is off: true if PWKUPR enabled it (the
    // sequencer then powers it up with reason WKUP_GICREQ).
    bool wake_enabled(unsigned core) const { return cores_.at(core).wen; }
    // The core powered up for `why`.
    void powered_up(unsigned core, wake_reason why);

    unsigned num_cores() const { return unsigned(cores_.size()); }
    unsigned cluster_of(unsigned core) const { return cluster_.at(core); }
    // Linear index of an MPIDR (Aff3..Aff0 compared, U/MT ignored), or -1.
    int core_of(uint64_t mpidr) const;
    uint32_t psysr(uint64_t mpidr) const;

  private:
    struct core_state {
        bool pp = false, wen = false;
        wake_reason wk = WKUP_COLD;
    };
    fvp_pwrc_backend *backend_ = nullptr;
    std::vector<uint64_t> mpidrs_;
    std::vector<unsigned> cluster_;
    std::vector<core_state> cores_;
    std::vector<bool> pc_;
    reg ppoffr_, pponr_, pcoffr_, pwkupr_, psysr_;
};

} // namespace pscisim
