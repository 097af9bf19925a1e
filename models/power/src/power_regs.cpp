#include "power/power_regs.h"
#include "pscisim/device.h"

namespace pscisim
{

power_regs::power_regs(sc_core::sc_module_name name)
    : sc_module(name), socket("socket"), bank_(std::string(basename())),
      id_(bank_, "PWR_ID", PWR_ID, id_value, reg_access::ro),
      version_(bank_, "PWR_VERSION", PWR_VERSION, version_value, reg_access::ro),
      num_cores_(bank_, "NUM_CORES", NUM_CORES, 0, reg_access::ro),
      num_clusters_(bank_, "NUM_CLUSTERS", NUM_CLUSTERS, 0, reg_access::ro),
      exit_(bank_, "SIM_EXIT", SIM_EXIT, 0, reg_access::wo),
      time_(bank_, "SIM_TIME_NS", SIM_TIME_NS, 0, reg_access::ro, 8),
      system_(bank_, "SYSTEM_STATUS", SYSTEM_STATUS, 0, reg_access::ro),
      clusters_(bank_, "CLUSTER_STATUS", CLUSTER_STATUS, 0, reg_access::ro, 4, 16),
      cores_(bank_, "CORE_STATUS", CORE_STATUS, 0, reg_access::ro, 4, 64)
{
    num_cores_.on_read = [this](size_t) -> uint64_t { return ctrl_ ? ctrl_->num_cores() : 0; };
    num_clusters_.on_read = [this](size_t) -> uint64_t {
        return ctrl_ ? ctrl_->num_clusters() : 0;
    };
    time_.on_read = [](size_t) { return time_to_ps(sc_core::sc_time_stamp()) / 1000; };
    system_.on_read = [this](size_t) -> uint64_t {
        return ctrl_ ? encode(ctrl_->system_domain()) : 0;
    };
    clusters_.on_read = [this](size_t i) -> uint64_t {
        if (!ctrl_ || i >= ctrl_->num_clusters()) return 0;
        return encode(ctrl_->cluster_domain((unsigned)i));
    };
    cores_.on_read = [this](size_t i) -> uint64_t {
        if (!ctrl_ || i >= ctrl_->num_cores()) return 0;
        unsigned c = (unsigned)i;
        uint32_t v = encode(ctrl_->core_domain(c));
        if (ctrl_->core_clock(c).enabled()) v |= ST_CLOCK_ENABLE;
        v |= (uint32_t)psci_core_state(ctrl_->library(), c) << ST_PSCI_STATE_SHIFT;
        return v;
    };
    exit_.on_write = [this](size_t, uint64_t value, uint64_t) {
        if (on_exit) on_exit((int)(value & 0xff));
    };
    socket.register_b_transport(this, &power_regs::b_transport);
    socket.register_transport_dbg(this, &power_regs::transport_dbg);
}

uint32_t power_regs::encode(const power_domain &d)
{
    uint32_t v = (uint32_t)d.state();
    if (d.in_transition()) v |= ST_TRANSITION;
    v |= (uint32_t)d.target() << ST_TARGET_SHIFT;
    return v;
}

void power_regs::b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
{
    // Synchronise: status and time are read at the initiator's exact local time.
    if (delay != sc_core::SC_ZERO_TIME) {
        wait(delay);
        delay = sc_core::SC_ZERO_TIME;
    }
    bank_.transport(gp, false);
}

unsigned int power_regs::transport_dbg(tlm::tlm_generic_payload &gp)
{
    bank_.transport(gp, true);
    return gp.get_response_status() == tlm::TLM_OK_RESPONSE ? gp.get_data_length() : 0;
}

// Machine-table factory; the builder attaches the PSCI controller.
PSCISIM_DEVICE_MODEL(power_regs, "power_regs")
{
    device_instance i;
    auto r = std::make_unique<power_regs>(p.name.c_str());
    power_regs *self = r.get();
    i.windows = {&r->socket};
    i.reset = [self] { self->reset(); };
    i.module = std::move(r);
    return i;
}

} // namespace pscisim
