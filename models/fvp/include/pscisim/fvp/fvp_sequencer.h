// The FVP power controller's sequencer: what happens to the timed core / cluster /
// system power domains (models/power, the same domains and latency table as the
// emulated PSCI path) when firmware drives the controller (fvp_pwrc) in firmware mode
// (--boot-el 3). The FVP Reference Guide's "Base Platform power controller" and TF-A's
// use of it (plat/arm/board/fvp/fvp_pm.c, aarch64/fvp_helpers.S) fix the behaviour:
//
//  - a core armed by PPOFFR that executes WFI stops at once (clock gated, no more
//    instructions) and its domain goes OFF over `core_down`; PP clears when it is OFF;
//  - if its cluster is armed by PCOFFR and it was the cluster's last ON core, the
//    cluster then goes OFF over `cluster_down`; PC clears when it is OFF;
//  - PPONR of an OFF (or powering-down) core, or a GIC wake request for it while
//    PWKUPR.WEN is set, powers it up: its cluster first if that is OFF (over
//    `cluster_up`), then the core (over `core_up`); then the core is warm-reset at the
//    reset address (RVBAR) at EL3 with PSYSR.WK = PPONR or GICREQ;
//  - a request that arrives while a domain is still powering down waits for the power-
//    down to complete (power_domain queues it); the cluster does not go OFF when one of
//    its cores has a power-up queued;
//  - a wake request raised while the core was still powering down (the GIC reports a
//    rising edge once) is honoured when the core reaches OFF (wake_request_raised()).
//
// The system level (PSYSR.AFF_L2) is never powered off by the controller: the FVP
// turns the whole system off through V2M SYS_CFGCTRL (v2m_sysregs).
#pragma once

#include <functional>
#include <vector>

#include "power/power_domain.h"
#include "pscisim/fvp/fvp_pwrc.h"

namespace pscisim
{

class fvp_power_sequencer : public fvp_pwrc_backend
{
  public:
    struct timing {
        // Power-down: entry latency + ramp; power-up: ramp + exit latency.
        sc_core::sc_time core_down, cluster_down, core_up, cluster_up;
    };
    // What the sequencer does to a core: stop it (its state is lost) and warm-reset it
    // at its reset address at EL3.
    class core_port
    {
      public:
        virtual ~core_port() = default;
        virtual void power_off() = 0;
        virtual void warm_reset() = 0;
    };
    struct domains {
        power_domain *system = nullptr;
        std::vector<power_domain *> clusters, cores;
        std::vector<clock_enable *> clocks; // per core
        std::vector<unsigned> cluster_of;   // per core
    };

    fvp_power_sequencer(fvp_pwrc &pwrc, domains d, std::vector<core_port *> cores, timing t);

    // fvp_pwrc_backend
    bool core_on(unsigned core) const override;
    bool cluster_on(unsigned cluster) const override;
    void power_on(unsigned core) override { power_up(core, fvp_pwrc::WKUP_PPONR); }

    // The core executes WFI: true if PPOFFR armed it and it is now powering off (the
    // core must not run on).
    bool wfi(unsigned core);
    // The GIC raised a wake request for the core (GICR_WAKER.ProcessorSleep = 1 and an
    // interrupt for it is pending).
    void wake_request(unsigned core);
    // Cold reset: every domain ON, every core's clock running.
    void cold_boot();

    // Whether the GIC has a wake request raised for the core now (queried when the
    // core reaches OFF). Unset: none.
    std::function<bool(unsigned core)> wake_request_raised;
    // Observers (the report's four points and the GIC's CPU interface): the core
    // started powering down (at its WFI), reached OFF, and is about to fetch its first
    // instruction after power-up.
    std::function<void(unsigned core)> on_power_down_start, on_core_off, on_powered_up;

  private:
    void power_up(unsigned core, fvp_pwrc::wake_reason why);
    void core_off(unsigned core);

    fvp_pwrc &pw_;
    domains d_;
    std::vector<core_port *> cores_;
    timing t_;
};

} // namespace pscisim
