// SP805 watchdog (Arm PrimeCell SP805 TRM; TF-A drivers/arm/sp805/sp805.c,
// include/drivers/arm/sp805.h). A 32-bit down counter clocked by WDOGCLK: with
// INTEN set it counts down from WdogLoad; at zero it raises WDOGINT (WdogRIS) and
// reloads; reaching zero again while the interrupt is still unacknowledged
// asserts WDOGRES if RESEN is set. Writing WdogIntClr acknowledges and reloads;
// writing WdogLoad reloads. After WdogLock is written with anything but
// 0x1ACCE551, writes to every other register are ignored.
#pragma once

#include <cstdint>
#include <functional>

#include "pscisim/fvp/bank_device.h"
#include "pscisim/irq.h"

namespace pscisim
{

class sp805 : public bank_device
{
  public:
    static constexpr uint64_t size = 0x1000;
    static constexpr uint32_t unlock_key = 0x1ACCE551;
    enum : uint64_t {
        LOAD = 0x000,
        VALUE = 0x004,
        CONTROL = 0x008,
        INTCLR = 0x00C,
        RIS = 0x010,
        MIS = 0x014,
        LOCK = 0xC00,
        ITCR = 0xF00,
        ITOP = 0xF04,
        PERIPH_ID0 = 0xFE0,
        PCELL_ID0 = 0xFF0,
    };
    enum : uint32_t { CTRL_INTEN = 1u << 0, CTRL_RESEN = 1u << 1 };
    static constexpr uint32_t pid[4] = {0x05, 0x18, 0x14, 0x00};
    static constexpr uint32_t cid[4] = {0x0D, 0xF0, 0x05, 0xB1};

    irq_line irq;                   // WDOGINT
    std::function<void()> on_reset; // WDOGRES asserted

    sp805(sc_core::sc_module_name name, uint64_t wdogclk_hz);
    void reset() override;
    uint32_t value() const;

  private:
    SC_HAS_PROCESS(sp805);
    void expire();
    void restart(uint32_t from);
    void schedule();
    bool locked() const { return lock_.get() != 0; }

    uint64_t hz_;
    sc_core::sc_event ev_;
    sc_core::sc_time epoch_;
    uint32_t start_ = 0xFFFFFFFF; // counter value at epoch_
    bool resets_ = false;         // WDOGRES has been asserted
    reg load_, value_, control_, intclr_, ris_, mis_, lock_, itcr_, itop_, pid_, cid_;
};

} // namespace pscisim
