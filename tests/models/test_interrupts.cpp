// The models wired as the platform wires them: generic timer PPIs and the PL011
// SPI into the GICv3, down to a core's IRQ line, with exact times.
#include "harness.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "pscisim/generic_timer.h"
#include "pscisim/gicv3.h"
#include "pscisim/pl011.h"
#include "pscisim/pl031.h"
#include "pscisim/sysreg.h"

using namespace pscisim;
using namespace pscisim::test;
using namespace sc_core;

namespace
{
constexpr uint32_t CNTV_CTL = sysreg_enc(3, 3, 14, 3, 1);
constexpr uint32_t CNTV_CVAL = sysreg_enc(3, 3, 14, 3, 2);
constexpr uint32_t IGRPEN1 = sysreg_enc(3, 0, 12, 12, 7);
constexpr uint32_t PMR = sysreg_enc(3, 0, 4, 6, 0);
constexpr uint32_t IAR1 = sysreg_enc(3, 0, 12, 12, 0);

struct platform {
    initiator d{"d"}, r{"r"}, u{"u"};
    gicv3 gic{"gic", {0x80000000, 0x80000001}};
    generic_timer timer{"timer", 2};
    pl011 uart{"uart"};
    pl031 rtc{"rtc"};
    initiator t{"t"};
    std::vector<std::pair<sc_time, bool>> irq1;
    std::vector<unsigned> wakes;
    platform()
    {
        d.out.bind(gic.dist);
        r.out.bind(gic.redist);
        u.out.bind(uart.in);
        t.out.bind(rtc.in);
        for (unsigned c = 0; c < 2; c++)
            for (unsigned t = 0; t < generic_timer::NUM_TIMERS; t++) {
                auto id = generic_timer::timer_id(t);
                timer.irq(c, id).bind(
                    [this, c, id](bool l) { gic.set_ppi(c, generic_timer::ppi_intid(id), l); });
            }
        uart.irq.bind([this](bool l) { gic.set_spi(1, l); });
        rtc.irq.bind([this](bool l) { gic.set_spi(2, l); });
        gic.irq(1).bind([this](bool l) {
            if (l || !irq1.empty()) irq1.emplace_back(sc_time_stamp(), l);
        });
        gic.set_wake_request_callback([this](unsigned c) { wakes.push_back(c); });
        elaborate();
        d.write32(0, gicv3::CTLR_ENABLE_GRP1);
    }
    void bring_up(unsigned c)
    {
        r.write32(c * gicv3::REDIST_STRIDE + 0x14, 0);
        gic.cpu_sysreg_write(c, IGRPEN1, 1);
        gic.cpu_sysreg_write(c, PMR, 0xff);
    }
    void enable_ppi(unsigned c, unsigned id)
    {
        uint64_t sgi = c * gicv3::REDIST_STRIDE + 0x10000;
        r.write32(sgi + 0x80, r.read32(sgi + 0x80) | 1u << id); // Group 1
        r.write32(sgi + 0x100, 1u << id);
    }
};
} // namespace

TEST(Interrupts, VirtualTimerReachesTheCoreAtExactlyCval)
{
    platform p;
    p.bring_up(1);
    p.enable_ppi(1, 27);
    p.timer.cpu_sysreg_write(1, CNTV_CVAL, 625); // 10 us at 62.5 MHz
    p.timer.cpu_sysreg_write(1, CNTV_CTL, generic_timer::CTL_ENABLE);
    run_until(us(20));
    ASSERT_EQ(p.irq1.size(), 1u);
    EXPECT_EQ(p.irq1[0].first, us(10));
    uint64_t v = 0;
    p.gic.cpu_sysreg_read(1, IAR1, v);
    EXPECT_EQ(v, 27u);
}

TEST(Interrupts, TimerWakesASleepingCore)
{
    platform p;
    p.enable_ppi(1, 30);
    uint32_t CNTP_TVAL = sysreg_enc(3, 3, 14, 2, 0), CNTP_CTL = sysreg_enc(3, 3, 14, 2, 1);
    p.timer.cpu_sysreg_write(1, CNTP_TVAL, 62500); // 1 ms
    p.timer.cpu_sysreg_write(1, CNTP_CTL, generic_timer::CTL_ENABLE);
    run_until(sc_time(999, SC_US));
    EXPECT_FALSE(p.gic.wake_pending(1));
    run_until(sc_time(1, SC_MS));
    EXPECT_TRUE(p.gic.wake_pending(1));
    EXPECT_EQ(p.wakes, std::vector<unsigned>{1});
    EXPECT_TRUE(p.irq1.empty()); // asleep: no IRQ until the redistributor is woken
    p.bring_up(1);
    EXPECT_TRUE(p.gic.irq(1).read());
}

TEST(Interrupts, UartReceiveIsSpi33)
{
    platform p;
    p.bring_up(1);
    p.d.write32(0x80 + 4, 1u << 1);     // INTID 33 Group 1
    p.d.write(0x6000 + 8 * 33, 0x1, 8); // route to core 1
    p.d.write32(0x100 + 4, 1u << 1);    // enable
    p.u.write32(pl011::CR, pl011::CR_UARTEN | pl011::CR_RXE);
    p.u.write32(pl011::IMSC, pl011::INT_RX);
    run_until(us(3));
    p.uart.receive('k');
    ASSERT_EQ(p.irq1.size(), 1u);
    EXPECT_EQ(p.irq1[0].first, us(3));
    uint64_t v = 0;
    p.gic.cpu_sysreg_read(1, IAR1, v);
    EXPECT_EQ(v, 33u);
}

// The PL031 alarm (SPI 2, INTID 34, as on QEMU virt) routed to a core whose
// redistributor sleeps (a suspended core, or every core in SYSTEM_SUSPEND): the GIC
// raises the wake request at the alarm's second, as for a timer PPI, and the
// interrupt is delivered once the core's redistributor is awake again.
TEST(Interrupts, RtcAlarmWakesASleepingCore)
{
    platform p;
    p.d.write32(0x80 + 4, 1u << 2);     // INTID 34 Group 1
    p.d.write(0x6000 + 8 * 34, 0x1, 8); // route to core 1
    p.d.write32(0x100 + 4, 1u << 2);    // enable
    p.rtc.set_epoch(100);
    p.t.write32(pl031::MR, 102);
    p.t.write32(pl031::IMSC, pl031::INT_MATCH);
    run_until(sc_time(1999, SC_MS));
    EXPECT_FALSE(p.gic.wake_pending(1));
    EXPECT_TRUE(p.wakes.empty());
    run_until(sc_time(2, SC_SEC));
    EXPECT_TRUE(p.gic.wake_pending(1));
    EXPECT_EQ(p.wakes, std::vector<unsigned>{1});
    EXPECT_TRUE(p.irq1.empty());
    p.bring_up(1);
    EXPECT_TRUE(p.gic.irq(1).read());
    uint64_t v = 0;
    p.gic.cpu_sysreg_read(1, IAR1, v);
    EXPECT_EQ(v, 34u);
}

TEST(Interrupts, VcdTraceOnRequest)
{
    platform p;
    std::string base = testing::TempDir() + "pscisim_models_trace";
    sc_trace_file *tf = sc_create_vcd_trace_file(base.c_str());
    p.gic.trace(tf);
    p.timer.trace(tf);
    p.uart.trace(tf);
    p.bring_up(1);
    p.enable_ppi(1, 27);
    p.timer.cpu_sysreg_write(1, CNTV_CVAL, 625);
    p.timer.cpu_sysreg_write(1, CNTV_CTL, generic_timer::CTL_ENABLE);
    run_until(us(20));
    sc_close_vcd_trace_file(tf);
    std::ifstream f(base + ".vcd");
    ASSERT_TRUE(f.good());
    std::stringstream ss;
    ss << f.rdbuf();
    std::string vcd = ss.str();
    EXPECT_NE(vcd.find("irq1"), std::string::npos);
    EXPECT_NE(vcd.find("core1_virt"), std::string::npos);
    EXPECT_NE(vcd.find("$scope module uart $end"), std::string::npos);
    EXPECT_NE(vcd.find("#10000000"), std::string::npos) << vcd; // 10 us in ps
}
