// Firmware mode (--boot-el 3): the PSCI calls of the guest's own EL3 firmware,
// measured from outside without instrumenting it. For each SMC taken to EL3 from
// Non-secure state the tracker keeps the function ID (x0), x1..x3, the calling core
// and the four points of TF-A's runtime instrumentation (TF-A docs/perf/
// psci-performance-*.rst, lib/psci/psci_main.c PMF timestamps):
//
//   psci_entry      the SMC is taken to EL3;
//   lowpower_entry  the core starts powering down (its WFI with PPOFFR armed, which
//                   may also take its cluster);
//   lowpower_exit   power is restored and the core fetches its first instruction
//                   at the reset address;
//   psci_exit       the ERET from EL3 back to Non-secure state.
//
// Derived, per call: powerdown latency = lowpower_entry - psci_entry, wakeup latency
// = psci_exit - lowpower_exit (TF-A's definitions). A call that does not power the
// core down (PSCI_VERSION, CPU_ON, a standby) has only entry and exit. A call that
// powers the core down and never returns (CPU_OFF) closes when the core next returns
// to Non-secure state (after a CPU_ON: the warm boot's ERET to the entry point), or
// without an exit at a system reset or the end of the run.
//
// Records are handed over in psci_entry order (the report's order) once they are
// complete and `window` newer records exist, or at flush(): per-core local times may
// run ahead of each other within a quantum. No SystemC here (times in ns).
#pragma once

#include "report/recorder.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

namespace pscisim
{

class fw_call_tracker
{
  public:
    using sink = std::function<void(const psci_call_record &)>;
    fw_call_tracker(unsigned num_cores, sink out, size_t window = 1024);

    // The SMC from Non-secure state was taken to EL3 on `core`.
    void smc(unsigned core, uint64_t mpidr, uint64_t time_ns, uint64_t x0, uint64_t x1, uint64_t x2,
             uint64_t x3);
    // The core started powering down / fetched its first instruction after power-up.
    void power_down_start(unsigned core, uint64_t time_ns);
    void powered_up(unsigned core, uint64_t time_ns);
    // ERET from EL3 to Non-secure state with x0 (the call's result, if it returns here).
    void eret_to_ns(unsigned core, uint64_t time_ns, uint64_t x0);
    // Hands every record over (complete or not): system reset, end of run.
    void flush();

    // Records handed over before they were complete (the window was exceeded).
    uint64_t incomplete_handed_over() const { return incomplete_; }

  private:
    struct open_call {
        psci_call_record rec;
        uint64_t seq = 0;
        bool done = false;
    };
    open_call *current(unsigned core);
    void close(open_call &c, std::optional<uint64_t> eret_ns, std::optional<uint64_t> x0);
    void drain(bool all);

    sink out_;
    size_t window_;
    std::deque<open_call> calls_;                  // by psci_entry time
    std::vector<std::optional<uint64_t>> current_; // per core: its open call's seq
    uint64_t next_seq_ = 0, incomplete_ = 0;
};

} // namespace pscisim
