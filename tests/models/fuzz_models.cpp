// Fuzz target: random guest register traffic against the GICv3, PL011, PL031 and generic
// timer (memory-mapped registers, system registers, interrupt inputs, time
// passing), checking after every step the invariants that tie each model's
// outputs to its programmer-visible state. Any violation aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <systemc>
#include <tlm>

#include "pscisim/generic_timer.h"
#include "pscisim/gicv3.h"
#include "pscisim/pl011.h"
#include "pscisim/pl031.h"
#include "pscisim/sysreg.h"

using namespace pscisim;
using namespace sc_core;

// libsystemc's own main() would call sc_main; this binary's main() is the fuzz
// driver, which uses SystemC as a library, so sc_main only has to exist for the link.
int sc_main(int, char **)
{
    return 2;
}

namespace
{

constexpr unsigned CORES = 3;

struct bw : tlm::tlm_bw_transport_if<> {
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload &, tlm::tlm_phase &,
                                       sc_time &) override
    {
        return tlm::TLM_COMPLETED;
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}
};

struct world : sc_module {
    gicv3 gic{"gic", {0x80000000, 0x80000001, 0x80000100}, 64};
    generic_timer timer{"timer", CORES};
    pl011 uart{"uart", 16000000};
    pl031 rtc{"rtc"};
    bw back;
    tlm::tlm_initiator_socket<> d{"d"}, r{"r"}, u{"u"}, t{"t"};
    explicit world(sc_module_name n) : sc_module(n)
    {
        d.bind(back); // the backward interface first: binding a target uses it
        r.bind(back);
        u.bind(back);
        t.bind(back);
        t.bind(rtc.in);
        d.bind(gic.dist);
        r.bind(gic.redist);
        u.bind(uart.in);
        for (unsigned c = 0; c < CORES; c++)
            for (unsigned t = 0; t < generic_timer::NUM_TIMERS; t++) {
                auto id = generic_timer::timer_id(t);
                timer.irq(c, id).bind(
                    [this, c, id](bool l) { gic.set_ppi(c, generic_timer::ppi_intid(id), l); });
            }
        uart.irq.bind([this](bool l) { gic.set_spi(1, l); });
        rtc.irq.bind([this](bool l) { gic.set_spi(2, l); });
    }
};

struct reader {
    const uint8_t *p;
    size_t n;
    uint64_t take(unsigned bytes)
    {
        uint64_t v = 0;
        for (unsigned i = 0; i < bytes; i++) {
            v |= uint64_t(n ? *p : 0) << (8 * i);
            if (n) p++, n--;
        }
        return v;
    }
};

void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_models: invariant violated: %s\n", what);
    std::abort();
}

uint64_t access(tlm::tlm_initiator_socket<> &s, bool write, uint64_t addr, uint64_t value,
                unsigned len, bool debug = false)
{
    tlm::tlm_generic_payload gp;
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(addr);
    gp.set_data_ptr(reinterpret_cast<unsigned char *>(&value));
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    sc_time delay = SC_ZERO_TIME;
    if (debug)
        s->transport_dbg(gp);
    else
        s->b_transport(gp, delay);
    if (gp.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE) fail("response left incomplete");
    return value;
}

const uint32_t GIC_REGS[] = {
    sysreg_enc(3, 0, 4, 6, 0),   sysreg_enc(3, 0, 12, 8, 0),  sysreg_enc(3, 0, 12, 8, 1),
    sysreg_enc(3, 0, 12, 8, 2),  sysreg_enc(3, 0, 12, 8, 3),  sysreg_enc(3, 0, 12, 8, 4),
    sysreg_enc(3, 0, 12, 9, 0),  sysreg_enc(3, 0, 12, 11, 1), sysreg_enc(3, 0, 12, 11, 3),
    sysreg_enc(3, 0, 12, 11, 5), sysreg_enc(3, 0, 12, 11, 7), sysreg_enc(3, 0, 12, 12, 0),
    sysreg_enc(3, 0, 12, 12, 1), sysreg_enc(3, 0, 12, 12, 2), sysreg_enc(3, 0, 12, 12, 3),
    sysreg_enc(3, 0, 12, 12, 4), sysreg_enc(3, 0, 12, 12, 5), sysreg_enc(3, 0, 12, 12, 6),
    sysreg_enc(3, 0, 12, 12, 7), sysreg_enc(3, 4, 12, 9, 5),  sysreg_enc(3, 0, 12, 9, 1),
};
const uint32_t TIMER_REGS[] = {
    sysreg_enc(3, 3, 14, 0, 1), sysreg_enc(3, 3, 14, 0, 2), sysreg_enc(3, 4, 14, 0, 3),
    sysreg_enc(3, 3, 14, 2, 0), sysreg_enc(3, 3, 14, 2, 1), sysreg_enc(3, 3, 14, 2, 2),
    sysreg_enc(3, 3, 14, 3, 0), sysreg_enc(3, 3, 14, 3, 1), sysreg_enc(3, 3, 14, 3, 2),
    sysreg_enc(3, 4, 14, 2, 0), sysreg_enc(3, 4, 14, 2, 1), sysreg_enc(3, 4, 14, 2, 2),
    sysreg_enc(3, 7, 14, 2, 0), sysreg_enc(3, 7, 14, 2, 1), sysreg_enc(3, 7, 14, 2, 2),
};
const unsigned LENS[4] = {1, 2, 4, 8};

void check(world &w)
{
    for (unsigned c = 0; c < CORES; c++) {
        if ((w.gic.irq(c).read() || w.gic.fiq(c).read()) && w.gic.processor_sleep(c))
            fail("IRQ/FIQ signalled to a core whose redistributor is asleep");
        if (w.gic.irq(c).read() && w.gic.fiq(c).read()) fail("IRQ and FIQ both signalled");
        if (!w.gic.processor_sleep(c) &&
            w.gic.wake_pending(c) != (w.gic.irq(c).read() || w.gic.fiq(c).read()))
            fail("wake_pending disagrees with the lines of an awake core");
    }
    // Timer outputs: a high line means enabled, condition met, unmasked.
    const uint32_t ctl_regs[4] = {TIMER_REGS[4], TIMER_REGS[7], TIMER_REGS[10], TIMER_REGS[13]};
    for (unsigned c = 0; c < CORES; c++)
        for (unsigned t = 0; t < generic_timer::NUM_TIMERS; t++) {
            uint64_t ctl = 0;
            if (!w.timer.cpu_sysreg_read(c, ctl_regs[t], ctl)) fail("CTL unreadable");
            if (w.timer.irq(c, generic_timer::timer_id(t)).read() && (ctl & 7) != 5)
                fail("timer line high without ENABLE && ISTATUS && !IMASK");
        }
    // UART: UARTINTR is the OR of the masked status.
    uint64_t ris = access(w.u, false, pl011::RIS, 0, 4, true);
    uint64_t imsc = access(w.u, false, pl011::IMSC, 0, 4, true);
    if (w.uart.irq.read() != ((ris & imsc) != 0)) fail("UARTINTR != (RIS & IMSC) != 0");
    // RTC: RTCINTR is RTCRIS & RTCIMSC; RTCDR is the counter.
    uint64_t rris = access(w.t, false, pl031::RIS, 0, 4, true);
    uint64_t rimsc = access(w.t, false, pl031::IMSC, 0, 4, true);
    if (w.rtc.irq.read() != ((rris & rimsc & 1) != 0)) fail("RTCINTR != RTCRIS & RTCIMSC");
    if (uint32_t(access(w.t, false, pl031::DR, 0, 4, true)) != w.rtc.counter())
        fail("RTCDR != counter");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static world *w = [] {
        world *n = new world("world"); // elaborated once per process
        sc_start(SC_ZERO_TIME);
        return n;
    }();
    w->gic.reset();
    w->timer.reset();
    w->uart.reset();
    w->rtc.reset();
    reader in{data, size};
    unsigned steps = 0;
    while (in.n && steps++ < 256) {
        unsigned op = unsigned(in.take(1)) % 17;
        unsigned core = unsigned(in.take(1)) % CORES;
        switch (op) {
        case 0:
        case 1: {
            uint64_t off = in.take(2);
            unsigned len = LENS[in.take(1) & 3];
            access(w->d, op == 0, off, in.take(8), len);
            break;
        }
        case 2:
        case 3: {
            uint64_t off = in.take(3) % (w->gic.redist_size() + 0x100);
            unsigned len = LENS[in.take(1) & 3];
            access(w->r, op == 2, off, in.take(8), len);
            break;
        }
        case 4: {
            uint32_t enc = GIC_REGS[in.take(1) % (sizeof GIC_REGS / sizeof *GIC_REGS)];
            w->gic.cpu_sysreg_write(core, enc, in.take(8));
            break;
        }
        case 5: {
            uint32_t enc = GIC_REGS[in.take(1) % (sizeof GIC_REGS / sizeof *GIC_REGS)];
            uint64_t v = 0;
            bool ok = w->gic.cpu_sysreg_read(core, enc, v);
            bool iar = enc == sysreg_enc(3, 0, 12, 12, 0) || enc == sysreg_enc(3, 0, 12, 8, 0);
            if (ok && iar && v < 1020 && !w->gic.is_active(core, unsigned(v)))
                fail("acknowledged INTID is not active");
            break;
        }
        case 6: w->gic.set_spi(unsigned(in.take(1)) % w->gic.num_spis(), in.take(1) & 1); break;
        case 7: w->gic.set_ppi(core, 16 + unsigned(in.take(1)) % 16, in.take(1) & 1); break;
        case 8:
        case 9: {
            uint64_t off = in.take(2) % 0x1000;
            if (in.take(1) & 1) off &= 0x4c; // mostly real registers
            unsigned len = LENS[in.take(1) & 3];
            access(w->u, op == 8, off, in.take(4), len);
            break;
        }
        case 10: w->uart.receive(uint8_t(in.take(1))); break;
        case 11: {
            unsigned idx = unsigned(in.take(1)) % (sizeof TIMER_REGS / sizeof *TIMER_REGS);
            uint64_t v = in.take(8);
            // Keep compare values near the current count so deadlines are reached.
            if (idx % 3 == 2) v = w->timer.counter() + (v & 0xff);
            w->timer.cpu_sysreg_write(core, TIMER_REGS[idx], v);
            break;
        }
        case 12: {
            uint64_t v;
            w->timer.cpu_sysreg_read(core, TIMER_REGS[in.take(1) % 15], v);
            break;
        }
        case 13: sc_start(sc_time(double(in.take(2)) + 1, SC_NS)); break;
        case 14: {
            uint64_t off = (in.take(1) % 8) * 4; // RTCDR..RTCICR
            uint64_t v = in.take(4);
            // Keep match values near the count so the match is reached.
            if (off == pl031::MR) v = w->rtc.counter() + (v & 3);
            access(w->t, true, off, v, 4);
            break;
        }
        case 15: access(w->t, false, in.take(2) % 0x1000 & ~3ull, 0, 4); break;
        case 16: sc_start(sc_time(double(in.take(1) % 3), SC_SEC)); break;
        }
        check(*w);
    }
    return 0;
}
