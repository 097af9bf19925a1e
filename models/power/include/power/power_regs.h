// Power-controller register block: a read-only view of every power domain and
// clock enable, the simulated time, and a simulation-control register.
// Memory map and bitfields: docs/timing-and-power.md ("Power-controller registers").
//
// Accesses synchronise: the block waits out the initiator's annotated delay so a
// status read sees the domains exactly at the core's local time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "pscisim/regs.h"
#include "power/psci_controller.h"

namespace pscisim
{

class power_regs : public sc_core::sc_module
{
  public:
    // Extent of the register block; where it sits is the machine's business
    // (platform/machine).
    static constexpr uint64_t size = 0x1000;
    static constexpr uint32_t id_value = 0x50575243; // "PWRC"
    static constexpr uint32_t version_value = 1;

    // Offsets.
    enum : uint64_t {
        PWR_ID = 0x000,
        PWR_VERSION = 0x004,
        NUM_CORES = 0x008,
        NUM_CLUSTERS = 0x00C,
        SIM_EXIT = 0x010,    // write: end the simulation with exit status value & 0xff
        SIM_TIME_NS = 0x018, // 64-bit simulated time in ns (32-bit halves allowed)
        SYSTEM_STATUS = 0x020,
        CLUSTER_STATUS = 0x100, // + 4 * cluster, 16 entries
        CORE_STATUS = 0x200,    // + 4 * core, 64 entries
    };
    // Status bitfields.
    enum : uint32_t {
        ST_STATE_MASK = 0x3,       // settled state: 0 ON, 1 RETENTION, 2 OFF
        ST_TRANSITION = 1u << 2,   // a timed transition is under way
        ST_TARGET_SHIFT = 4,       // bits [5:4]: state being entered (== state when settled)
        ST_CLOCK_ENABLE = 1u << 8, // cores: clock enabled
        ST_PSCI_STATE_SHIFT = 12,  // cores: bits [15:12] enum psci_core_state
    };

    tlm_utils::simple_target_socket<power_regs> socket;

    explicit power_regs(sc_core::sc_module_name name);
    // The controller whose domains the status registers show; until it is
    // attached they read as zero.
    void attach(psci_controller &ctrl) { ctrl_ = &ctrl; }

    // Called when the guest writes SIM_EXIT, at the access's exact time.
    std::function<void(int status)> on_exit;

    static uint32_t encode(const power_domain &d);

    // Back to the reset values (system reset). The status registers are live
    // views of the domains; this resets what the block itself stores.
    void reset() { bank_.reset(); }

  private:
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    unsigned int transport_dbg(tlm::tlm_generic_payload &gp);

    psci_controller *ctrl_ = nullptr;
    reg_bank bank_;
    reg id_, version_, num_cores_, num_clusters_, exit_, time_, system_, clusters_, cores_;
};

} // namespace pscisim
