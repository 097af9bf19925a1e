#define SC_INCLUDE_DYNAMIC_PROCESSES // sc_spawn
#include "pscisim/pl011.h"

#include "pscisim/tlm_access.h"
#include "pscisim/device.h"

#include "pscisim/guest_log.h"

#include <ostream>

namespace pscisim
{

using namespace sc_core;

namespace
{
constexpr uint32_t RSR_OE = 1u << 3;
// UARTPeriphID0-3 = PL011 r1p5, UARTPCellID0-3 = PrimeCell (TRM 3.3.14-15).
constexpr uint8_t PERIPH_ID[4] = {0x11, 0x10, 0x34, 0x00};
constexpr uint8_t CELL_ID[4] = {0x0d, 0xf0, 0x05, 0xb1};
// IFLS trigger levels for a 32-entry FIFO: 1/8, 1/4, 1/2, 3/4, 7/8.
constexpr unsigned TRIGGER[8] = {4, 8, 16, 24, 28, 16, 16, 16};
} // namespace

pl011::pl011(sc_module_name name, uint64_t uartclk_hz)
    : sc_module(name), in("in"), bank_(std::string(basename())), r_dr_(bank_, "UARTDR", DR),
      r_rsr_(bank_, "UARTRSR_ECR", RSR_ECR),
      r_fr_(bank_, "UARTFR", FR, FR_TXFE | FR_RXFE, reg_access::ro),
      r_ilpr_(bank_, "UARTILPR", ILPR), r_ibrd_(bank_, "UARTIBRD", IBRD),
      r_fbrd_(bank_, "UARTFBRD", FBRD), r_lcr_h_(bank_, "UARTLCR_H", LCR_H),
      r_cr_(bank_, "UARTCR", CR, CR_TXE | CR_RXE), r_ifls_(bank_, "UARTIFLS", IFLS, 0x12),
      r_imsc_(bank_, "UARTIMSC", IMSC), r_ris_(bank_, "UARTRIS", RIS, 0, reg_access::ro),
      r_mis_(bank_, "UARTMIS", MIS, 0, reg_access::ro),
      r_icr_(bank_, "UARTICR", ICR, 0, reg_access::wo), r_dmacr_(bank_, "UARTDMACR", DMACR),
      r_periphid_(bank_, "UARTPeriphID", PERIPHID0, 0, reg_access::ro, 4, 4),
      r_cellid_(bank_, "UARTPCellID", CELLID0, 0, reg_access::ro, 4, 4), uartclk_(uartclk_hz)
{
    if (uartclk_hz == 0) SC_REPORT_ERROR(this->name(), "UARTCLK must be > 0 Hz");
    // Every PL011 register is 16 bits or less; Linux accesses them 16 or 32 bits
    // wide, byte accesses are harmless.
    for (reg *r :
         {&r_dr_, &r_rsr_, &r_fr_, &r_ilpr_, &r_ibrd_, &r_fbrd_, &r_lcr_h_, &r_cr_, &r_ifls_,
          &r_imsc_, &r_ris_, &r_mis_, &r_icr_, &r_dmacr_, &r_periphid_, &r_cellid_})
        r->sub_word = true;

    r_dr_.read_side_effects = true;
    r_dr_.on_read = [this](size_t) { return uint64_t(read_dr()); };
    r_dr_.on_write = [this](size_t, uint64_t v, uint64_t mask) {
        if (mask & 0xff) write_dr(uint8_t(v));
    };
    r_rsr_.on_read = [this](size_t) { return uint64_t(rsr_); };
    r_rsr_.on_write = [this](size_t, uint64_t, uint64_t) { rsr_ = 0; }; // ECR: clear all
    r_fr_.on_read = [this](size_t) {
        uint64_t fr = 0;
        unsigned level = tx_fifo_level(access_time_);
        if (level == 0) fr |= FR_TXFE;
        if (level >= depth()) fr |= FR_TXFF;
        if (tx_busy(access_time_)) fr |= FR_BUSY;
        if (rx_.empty()) fr |= FR_RXFE;
        if (rx_.size() >= depth()) fr |= FR_RXFF;
        return fr;
    };
    r_ilpr_.writable_mask = 0xff;
    r_ibrd_.writable_mask = 0xffff;
    r_fbrd_.writable_mask = 0x3f;
    r_lcr_h_.writable_mask = 0xff;
    r_lcr_h_.on_write = [this](size_t, uint64_t v, uint64_t mask) {
        r_lcr_h_.set((r_lcr_h_.get() & ~mask) | (v & mask & 0xff));
        // The divisor takes effect on an LCR_H write (TRM 3.3.6).
        latched_ibrd_ = uint32_t(r_ibrd_.get());
        latched_fbrd_ = uint32_t(r_fbrd_.get());
    };
    r_cr_.writable_mask = 0xff87;
    r_ifls_.writable_mask = 0x3f;
    r_imsc_.writable_mask = INT_ALL;
    r_imsc_.on_write = [this](size_t, uint64_t v, uint64_t mask) {
        r_imsc_.set((r_imsc_.get() & ~mask) | (v & mask & INT_ALL));
        update_irq();
    };
    r_ris_.on_read = [this](size_t) { return uint64_t(ris_); };
    r_mis_.on_read = [this](size_t) { return uint64_t(ris_ & r_imsc_.get()); };
    r_icr_.on_write = [this](size_t, uint64_t v, uint64_t) {
        ris_ &= ~uint32_t(v & INT_ALL);
        if (v & INT_RT) rt_armed_ = false;
        update_irq();
    };
    r_dmacr_.writable_mask = 0x7;
    r_periphid_.on_read = [](size_t i) { return uint64_t(PERIPH_ID[i]); };
    r_cellid_.on_read = [](size_t i) { return uint64_t(CELL_ID[i]); };

    in.register_b_transport(this, &pl011::b_transport);
    in.register_transport_dbg(this, &pl011::transport_dbg);

    sc_spawn_options opt;
    opt.spawn_method();
    opt.dont_initialize();
    opt.set_sensitivity(&ev_);
    sc_spawn([this]() { process(); }, "process", &opt);

    sc_spawn_options fopt;
    fopt.spawn_method();
    fopt.dont_initialize();
    fopt.set_sensitivity(&feed_ev_);
    sc_spawn([this]() { feed(); }, "feed", &fopt);
}

void pl011::set_input(std::function<int()> next, const sc_time &interval)
{
    if (interval == SC_ZERO_TIME) SC_REPORT_ERROR(name(), "UART input interval must be > 0");
    input_ = std::move(next);
    input_interval_ = interval;
    held_ = input_none;
    feed_ev_.notify(interval);
}

void pl011::feed()
{
    if (!input_) return;
    if (held_ == input_none) held_ = input_();
    if (held_ == input_eof) {
        input_ = nullptr;
        return;
    }
    uint64_t cr = r_cr_.get();
    bool ready = (cr & CR_UARTEN) && (cr & CR_RXE) && rx_.size() < depth();
    if (held_ >= 0 && ready) {
        receive(uint8_t(held_));
        held_ = input_none;
    }
    feed_ev_.notify(input_interval_);
}

void pl011::set_output(std::ostream &os)
{
    std::ostream *p = &os;
    sink_ = [p](uint8_t ch) { p->put(char(ch)).flush(); };
}

unsigned pl011::depth() const
{
    return (r_lcr_h_.get() & LCR_H_FEN) ? FIFO_DEPTH : 1;
}
unsigned pl011::tx_trigger() const
{
    return TRIGGER[r_ifls_.get() & 7];
}
unsigned pl011::rx_trigger() const
{
    return TRIGGER[(r_ifls_.get() >> 3) & 7];
}

sc_time pl011::bit_time() const
{
    uint64_t div64 = uint64_t(latched_ibrd_) * 64 + latched_fbrd_;
    if (latched_ibrd_ == 0) return SC_ZERO_TIME;
    unsigned __int128 ups = sc_time(1, SC_SEC).value();
    unsigned __int128 num = ups * 16 * div64, den = (unsigned __int128)64 * uartclk_;
    return sc_time::from_value(uint64_t((num + den - 1) / den));
}

sc_time pl011::char_time() const
{
    uint64_t lcr = r_lcr_h_.get();
    unsigned bits = 1 + 5 + unsigned((lcr >> LCR_H_WLEN_SHIFT) & 3) + ((lcr & LCR_H_PEN) ? 1 : 0) +
                    ((lcr & LCR_H_STP2) ? 2 : 1);
    return bit_time() * double(bits);
}

unsigned pl011::tx_fifo_level(const sc_time &t) const
{
    // Start times never decrease along the FIFO (a character starts when the one
    // before it is done, or later), so the entries not yet started are a suffix.
    // The guest polls UARTFR in a loop; only the character in the shift register
    // (and any done but not yet popped) precedes the suffix, so counting the
    // started ones from the front stops after one or two entries.
    size_t started = 0;
    while (started < tx_.size() && !(tx_[started].start > t))
        started++;
    return unsigned(tx_.size() - started);
}

bool pl011::tx_busy(const sc_time &t) const
{
    return !tx_.empty() && tx_.back().done > t;
}

void pl011::emit(uint8_t ch)
{
    tx_count_++;
    if (r_cr_.get() & CR_LBE) {
        receive(ch); // loopback: UARTTXD is fed to UARTRXD instead of the line
        return;
    }
    if (sink_) sink_(ch);
}

void pl011::write_dr(uint8_t ch)
{
    // Like QEMU's PL011 (and unlike the TRM, which requires UARTEN and TXE), a
    // character is sent even while the UART is disabled, so that bare-metal
    // programs that never program the UART print on both simulators.
    const sc_time &a = access_time_;
    if (tx_fifo_level(a) >= depth()) {
        tx_dropped_++; // a full transmit FIFO loses the write (TRM 3.3.1)
        PSCISIM_GUEST_ERROR(name(),
                            "transmit FIFO overrun: UARTDR write of 0x%02x lost (check "
                            "UARTFR.TXFF before writing)",
                            ch);
        return;
    }
    sc_time ct = char_time();
    if (ct == SC_ZERO_TIME && tx_.empty()) {
        emit(ch);
        if (!(r_lcr_h_.get() & LCR_H_FEN)) ris_ |= INT_TX; // holding register empty again
        update_irq();
        return;
    }
    sc_time start = a;
    if (!tx_.empty() && tx_.back().done > start) start = tx_.back().done;
    tx_.push_back({ch, start, start + ct, false});
    // Writing data clears the transmit interrupt once the level is above the
    // trigger (FIFO) or the holding register is full (no FIFO) (TRM 2.8.2).
    unsigned level = tx_fifo_level(a);
    if (!(r_lcr_h_.get() & LCR_H_FEN) || level > tx_trigger()) ris_ &= ~INT_TX;
    update_irq();
    schedule_next();
}

uint32_t pl011::read_dr()
{
    if (rx_.empty()) return 0;
    uint32_t ch = rx_.front();
    rx_.pop_front();
    if (!(r_lcr_h_.get() & LCR_H_FEN) || rx_.size() < rx_trigger()) ris_ &= ~INT_RX;
    if (rx_.empty()) {
        ris_ &= ~INT_RT;
        rt_armed_ = false;
    }
    update_irq();
    return ch;
}

void pl011::receive(uint8_t ch)
{
    uint64_t cr = r_cr_.get();
    if (!(cr & CR_UARTEN) || !(cr & CR_RXE)) {
        rx_dropped_++;
        return;
    }
    if (rx_.size() >= depth()) {
        PSCISIM_GUEST_ERROR(name(),
                            "receive FIFO overrun: character 0x%02x lost (the guest "
                            "does not read UARTDR fast enough)",
                            ch);
        rsr_ |= RSR_OE;
        ris_ |= INT_OE;
        rx_dropped_++;
        update_irq();
        return;
    }
    rx_.push_back(ch);
    rx_count_++;
    if (!(r_lcr_h_.get() & LCR_H_FEN) || rx_.size() >= rx_trigger()) ris_ |= INT_RX;
    // Receive timeout: the FIFO is not empty and nothing arrives for 32 bit periods.
    rt_armed_ = true;
    rt_deadline_ = sc_time_stamp() + bit_time() * 32.0;
    update_irq();
    schedule_next();
}

void pl011::process()
{
    sc_time t = sc_time_stamp();
    bool fen = r_lcr_h_.get() & LCR_H_FEN;
    for (tx_entry &e : tx_) {
        if (e.started || e.start > t) continue;
        e.started = true;
        // A character moved from the FIFO to the shift register: the transmit
        // interrupt asserts when the level passes down through the trigger.
        unsigned level = tx_fifo_level(t);
        if (fen ? level == tx_trigger() : true) ris_ |= INT_TX;
    }
    while (!tx_.empty() && tx_.front().done <= t) {
        uint8_t ch = tx_.front().ch;
        tx_.pop_front();
        emit(ch);
    }
    if (rt_armed_ && t >= rt_deadline_) {
        rt_armed_ = false;
        if (!rx_.empty()) ris_ |= INT_RT;
    }
    update_irq();
    schedule_next();
}

void pl011::schedule_next()
{
    sc_time now = sc_time_stamp();
    sc_time next = sc_max_time();
    for (const tx_entry &e : tx_) {
        if (!e.started && e.start < next) next = e.start;
        if (e.done < next) next = e.done;
    }
    if (rt_armed_ && rt_deadline_ < next) next = rt_deadline_;
    ev_.cancel();
    if (next == sc_max_time()) return;
    ev_.notify(next > now ? next - now : SC_ZERO_TIME);
}

void pl011::update_irq()
{
    irq.set((ris_ & r_imsc_.get()) != 0);
}

void pl011::b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
{
    access_time_ = sc_time_stamp() + delay;
    bank_.transport(gp, false);
    delay += latency_;
}

unsigned int pl011::transport_dbg(tlm::tlm_generic_payload &gp)
{
    access_time_ = sc_time_stamp();
    bank_.transport(gp, true);
    return gp.is_response_ok() ? gp.get_data_length() : 0;
}

void pl011::flush()
{
    while (!tx_.empty()) {
        uint8_t ch = tx_.front().ch;
        tx_.pop_front();
        emit(ch);
    }
    schedule_next();
}

void pl011::reset()
{
    bank_.reset();
    tx_.clear();
    rx_.clear();
    ris_ = 0;
    rsr_ = 0;
    latched_ibrd_ = latched_fbrd_ = 0;
    rt_armed_ = false;
    ev_.cancel();
    irq.set(false);
}

void pl011::firmware_setup(uint32_t baud)
{
    if (baud == 0) return;
    const uint64_t div64 = (uartclk_ * 4 + baud / 2) / baud; // UARTCLK / (16 x baud) in 64ths
    auto write = [this](uint64_t off, uint32_t v) {
        write32_direct(in.get_base_interface(), off, v);
    };
    write(IBRD, uint32_t(div64 >> 6));
    write(FBRD, uint32_t(div64 & 63));
    write(LCR_H, (3u << LCR_H_WLEN_SHIFT) | LCR_H_FEN); // latches the divisor
    write(CR, CR_UARTEN | CR_TXE | CR_RXE);
}

void pl011::trace(sc_trace_file *tf) const
{
    sc_trace(tf, irq.level_ref(), std::string(name()) + ".irq");
}

// Machine-table factory: UARTCLK is the row's clock; output goes to the console.
PSCISIM_DEVICE_MODEL(pl011, "pl011")
{
    device_instance i;
    auto u = std::make_unique<pl011>(p.name.c_str(), p.clock_hz);
    pl011 *self = u.get();
    if (console_if *con = p.console)
        u->set_output([con](uint8_t c) { con->put(console_stream::out, char(c)); });
    if (p.console_input) u->set_input(p.console_input, p.input_interval);
    i.windows = {&u->in};
    i.spis = {&u->irq};
    i.reset = [self] { self->reset(); };
    i.module = std::move(u);
    return i;
}

} // namespace pscisim
