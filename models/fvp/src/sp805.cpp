#include "pscisim/fvp/sp805.h"

#include <stdexcept>
#include <string>

#include "pscisim/device.h"
#include "pscisim/fvp/counter_time.h"
#include "pscisim/guest_log.h"

namespace pscisim
{

using sc_core::sc_time;
using sc_core::sc_time_stamp;

sp805::sp805(sc_core::sc_module_name name, uint64_t wdogclk_hz)
    : bank_device(name, true), hz_(wdogclk_hz), load_(bank_, "WdogLoad", LOAD, 0xFFFFFFFF),
      value_(bank_, "WdogValue", VALUE, 0xFFFFFFFF, reg_access::ro),
      control_(bank_, "WdogControl", CONTROL),
      intclr_(bank_, "WdogIntClr", INTCLR, 0, reg_access::wo),
      ris_(bank_, "WdogRIS", RIS, 0, reg_access::ro),
      mis_(bank_, "WdogMIS", MIS, 0, reg_access::ro), lock_(bank_, "WdogLock", LOCK),
      itcr_(bank_, "WdogITCR", ITCR), itop_(bank_, "WdogITOP", ITOP, 0, reg_access::wo),
      pid_(bank_, "WdogPeriphID", PERIPH_ID0, 0, reg_access::ro, 4, 4),
      cid_(bank_, "WdogPCellID", PCELL_ID0, 0, reg_access::ro, 4, 4)
{
    if (hz_ == 0) throw std::invalid_argument(std::string(basename()) + ": WDOGCLK must be > 0");
    pid_.on_read = [](size_t k) -> uint64_t { return pid[k]; };
    cid_.on_read = [](size_t k) -> uint64_t { return cid[k]; };
    value_.on_read = [this](size_t) -> uint64_t { return value(); };
    mis_.on_read = [this](size_t) -> uint64_t {
        return (ris_.get() & 1) && (control_.get() & CTRL_INTEN) ? 1 : 0;
    };
    load_.on_write = [this](size_t, uint64_t v, uint64_t m) {
        if (locked()) return;
        load_.set((load_.get() & ~m) | (v & m));
        restart(uint32_t(load_.get()));
    };
    control_.on_write = [this](size_t, uint64_t v, uint64_t m) {
        if (locked()) return;
        uint64_t old = control_.get();
        control_.set(((old & ~m) | (v & m)) & (CTRL_INTEN | CTRL_RESEN));
        // Enabling the interrupt starts the counter from WdogLoad (SP805 TRM 2.2).
        if (!(old & CTRL_INTEN) && (control_.get() & CTRL_INTEN))
            restart(uint32_t(load_.get()));
        else
            schedule();
        irq.set(mis_.on_read(0) != 0);
    };
    intclr_.on_write = [this](size_t, uint64_t, uint64_t) {
        if (locked()) return;
        ris_.set(0);
        irq.set(false);
        restart(uint32_t(load_.get()));
    };
    lock_.on_read = [this](size_t) -> uint64_t { return lock_.get(); };
    lock_.on_write = [this](size_t, uint64_t v, uint64_t) {
        lock_.set(uint32_t(v) == unlock_key ? 0 : 1);
    };
    // Integration test mode is not modelled: ITCR reads back, ITOP is ignored.
    itcr_.writable_mask = 1;
    itop_.on_write = [this](size_t, uint64_t, uint64_t) {
        PSCISIM_GUEST_ERROR(this->name(),
                            "WdogITOP write: integration test outputs are not modelled");
    };
    SC_METHOD(expire);
    sensitive << ev_;
    dont_initialize();
}

uint32_t sp805::value() const
{
    if (!(control_.get() & CTRL_INTEN)) return start_;
    uint64_t ticks = counter_at(sc_time_stamp() - epoch_, hz_);
    return ticks >= start_ ? 0 : uint32_t(start_ - ticks);
}

void sp805::restart(uint32_t from)
{
    epoch_ = sc_time_stamp();
    start_ = from;
    schedule();
}

void sp805::schedule()
{
    ev_.cancel();
    if (!(control_.get() & CTRL_INTEN)) return;
    // Zero is reached after `start_` WDOGCLK ticks (at least one).
    uint64_t ticks = start_ ? start_ : 1;
    ev_.notify(epoch_ + time_of_counter(ticks, hz_) - sc_time_stamp());
}

void sp805::expire()
{
    if (ris_.get() & 1) {
        // Second time-out without an acknowledge.
        if ((control_.get() & CTRL_RESEN) && !resets_) {
            resets_ = true;
            if (on_reset) on_reset();
        }
    } else {
        ris_.set(1);
        irq.set(true);
    }
    restart(uint32_t(load_.get()));
}

void sp805::reset()
{
    ev_.cancel();
    bank_device::reset();
    start_ = 0xFFFFFFFF;
    resets_ = false;
    irq.set(false);
}

// Table row: one window, WDOGINT as its SPI; WDOGCLK is the row's clock.
PSCISIM_DEVICE_MODEL(sp805, "sp805")
{
    device_instance i;
    auto d = std::make_unique<sp805>(p.name.c_str(), p.clock_hz);
    sp805 *self = d.get();
    if (p.request_reset)
        d->on_reset = [req = p.request_reset, name = p.name] { req(name + " watchdog reset"); };
    i.windows = {&d->socket};
    i.spis = {&d->irq};
    i.reset = [self] { self->reset(); };
    i.module = std::move(d);
    return i;
}

} // namespace pscisim
