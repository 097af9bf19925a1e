#include "pscisim/fvp/v2m_sysregs.h"

#include "pscisim/device.h"
#include "pscisim/guest_log.h"

namespace pscisim
{

v2m_sysregs::v2m_sysregs(sc_core::sc_module_name name)
    : bank_device(name, true), id_(bank_, "SYS_ID", SYS_ID, sys_id_value, reg_access::ro),
      sw_(bank_, "SYS_SWITCH", SYS_SWITCH), led_(bank_, "SYS_LED", SYS_LED),
      flags_(bank_, "SYS_FLAGS", SYS_FLAGS),
      flagsclr_(bank_, "SYS_FLAGSCLR", SYS_FLAGSCLR, 0, reg_access::wo),
      nvflags_(bank_, "SYS_NVFLAGS", SYS_NVFLAGS),
      nvflagsclr_(bank_, "SYS_NVFLAGSCLR", SYS_NVFLAGSCLR, 0, reg_access::wo),
      cfgdata_(bank_, "SYS_CFGDATA", SYS_CFGDATA), cfgctrl_(bank_, "SYS_CFGCTRL", SYS_CFGCTRL),
      cfgstat_(bank_, "SYS_CFGSTAT", SYS_CFGSTAT)
{
    // The flag registers are set/clear pairs: a write to SYS_FLAGS sets the
    // written ones, a write to SYS_FLAGSCLR clears them (V2M-P1 TRM, "SYS_FLAGS").
    flags_.on_write = [this](size_t, uint64_t v, uint64_t m) { flags_.set(flags_ | (v & m)); };
    flagsclr_.on_write = [this](size_t, uint64_t v, uint64_t m) { flags_.set(flags_ & ~(v & m)); };
    nvflags_.on_write = [this](size_t, uint64_t v, uint64_t m) {
        nvflags_.set(nvflags_ | (v & m));
    };
    nvflagsclr_.on_write = [this](size_t, uint64_t v, uint64_t m) {
        nvflags_.set(nvflags_ & ~(v & m));
    };
    // Writing 1 to SYS_CFGSTAT bits has no effect; software clears it by writing 0.
    cfgstat_.on_write = [this](size_t, uint64_t v, uint64_t m) {
        cfgstat_.set(cfgstat_ & (v & m));
    };
    cfgctrl_.on_write = [this](size_t, uint64_t v, uint64_t m) {
        uint32_t val = uint32_t((cfgctrl_ & ~m) | (v & m));
        if (!(val & CFGCTRL_START)) {
            cfgctrl_.set(val);
            return;
        }
        // The transfer completes at once; START reads back as 0 afterwards.
        cfgctrl_.set(val & ~CFGCTRL_START);
        unsigned func = (val >> CFGCTRL_FUNC_SHIFT) & CFGCTRL_FUNC_MASK;
        bool write = (val & CFGCTRL_WRITE) != 0;
        if (write && (func == FUNC_SHUTDOWN || func == FUNC_REBOOT)) {
            cfgstat_.set(CFGSTAT_COMPLETE);
            if (on_event)
                on_event(func == FUNC_SHUTDOWN ? platform_event::shutdown : platform_event::reboot);
            return;
        }
        // Oscillators, voltages, temperatures, ... are not modelled: the
        // configuration bus reports an error, as for an absent device.
        PSCISIM_GUEST_ERROR(this->name(), "SYS_CFGCTRL function %u (%s) is not modelled", func,
                            write ? "write" : "read");
        cfgstat_.set(CFGSTAT_COMPLETE | CFGSTAT_ERROR);
    };
}

void v2m_sysregs::reset()
{
    // SYS_NVFLAGS keep their value over a reset (V2M-P1 TRM: "non-volatile").
    uint64_t nv = nvflags_;
    bank_device::reset();
    nvflags_.set(nv);
}

PSCISIM_DEVICE_MODEL(v2m_sysregs, "v2m_sysregs")
{
    device_instance i;
    auto d = std::make_unique<v2m_sysregs>(p.name.c_str());
    v2m_sysregs *self = d.get();
    if (p.request_reset && p.request_shutdown)
        d->on_event = [reset = p.request_reset,
                       off = p.request_shutdown](v2m_sysregs::platform_event e) {
            if (e == v2m_sysregs::platform_event::shutdown)
                off("V2M SYS_CFGCTRL shutdown");
            else
                reset("V2M SYS_CFGCTRL reboot");
        };
    i.windows = {&d->socket};
    i.reset = [self] { self->reset(); };
    i.module = std::move(d);
    return i;
}

} // namespace pscisim
