// Router: decode, address translation, per-target latency, decode errors, DMI
// forwarding and translation, invalidation broadcast, debug transport.
#include "harness.h"

#include <sstream>

#include "pscisim/guest_log.h"
#include "pscisim/memory.h"
#include "pscisim/router.h"

using namespace pscisim;
using namespace pscisim::test;
using namespace sc_core;

namespace
{
constexpr uint64_t RAM_BASE = 0x40000000, ROM_BASE = 0x1000;
struct bench {
    initiator cpu{"cpu"};
    router bus{"bus"};
    memory ram{"ram", 0x10000, ns(2), ns(2)};
    memory rom{"rom", 0x1000};
    explicit bench(bool elab = true)
    {
        cpu.out.bind(bus.in);
        bus.map(ram.in, RAM_BASE, 0x10000, ns(10), "ram");
        bus.map(rom.in, ROM_BASE, 0x1000, ns(1), "rom");
        if (elab) elaborate();
    }
};
} // namespace

TEST(Router, DecodesAndTranslatesAddresses)
{
    bench b;
    b.cpu.write(RAM_BASE + 0x20, 0xcafe, 2);
    EXPECT_EQ(b.ram.host_ptr()[0x20], 0xfe);
    b.cpu.write(ROM_BASE + 0xffc, 0x01020304, 4);
    EXPECT_EQ(b.rom.host_ptr()[0xffc], 0x04);
    EXPECT_EQ(b.cpu.read(RAM_BASE + 0x20, 2), 0xcafeu);
    EXPECT_EQ(b.bus.decode(RAM_BASE + 0xffff), 0);
    EXPECT_EQ(b.bus.decode(RAM_BASE + 0x10000), -1);
    EXPECT_EQ(b.bus.decode(ROM_BASE), 1);
    EXPECT_EQ(b.bus.transactions(), 3u);
}

TEST(Router, AddsPerTargetLatencyToTheTargetsOwn)
{
    bench b;
    b.cpu.read(RAM_BASE, 4);
    EXPECT_EQ(b.cpu.delay, ns(12)); // 10 ns interconnect + 2 ns RAM
    b.cpu.read(ROM_BASE, 4);
    EXPECT_EQ(b.cpu.delay, ns(1));
}

TEST(Router, UnmappedAndStraddlingAccessesAreAddressErrors)
{
    bench b;
    tlm::tlm_response_status st;
    b.cpu.read(0x09000000, 4, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.delay, SC_ZERO_TIME);
    b.cpu.read(RAM_BASE + 0xfffc, 8, &st); // crosses the end of the window
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read(RAM_BASE - 4, 8, &st); // starts before it
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.bus.decode_errors(), 3u);
    EXPECT_EQ(b.ram.reads(), 0u);
}

TEST(Router, ForwardsDmiInGlobalAddressesWithLatency)
{
    bench b;
    tlm::tlm_dmi d;
    ASSERT_TRUE(b.cpu.dmi(RAM_BASE + 0x800, d));
    EXPECT_EQ(d.get_dmi_ptr(), b.ram.host_ptr());
    EXPECT_EQ(d.get_start_address(), RAM_BASE);
    EXPECT_EQ(d.get_end_address(), RAM_BASE + 0xffff);
    EXPECT_EQ(d.get_read_latency(), ns(12));
    EXPECT_EQ(d.get_write_latency(), ns(12));
}

TEST(Router, ClipsDmiToTheWindow)
{
    initiator cpu("cpu");
    router bus("bus");
    memory ram("ram", 0x10000);
    cpu.out.bind(bus.in);
    bus.map(ram.in, 0x80000, 0x4000); // only the first 16 KiB of the RAM are visible
    elaborate();
    tlm::tlm_dmi d;
    ASSERT_TRUE(cpu.dmi(0x80010, d));
    EXPECT_EQ(d.get_start_address(), 0x80000u);
    EXPECT_EQ(d.get_end_address(), 0x83fffu);
    ram.invalidate_dmi();
    ASSERT_EQ(cpu.invalidations.size(), 1u);
    EXPECT_EQ(cpu.invalidations[0], std::make_pair(uint64_t(0x80000), uint64_t(0x83fff)));
}

TEST(Router, RefusesDmiInAHoleAndReportsTheHole)
{
    bench b;
    tlm::tlm_dmi d;
    EXPECT_FALSE(b.cpu.dmi(0x08000000, d));
    EXPECT_EQ(d.get_granted_access(), tlm::tlm_dmi::DMI_ACCESS_NONE);
    EXPECT_EQ(d.get_start_address(), ROM_BASE + 0x1000);
    EXPECT_EQ(d.get_end_address(), RAM_BASE - 1);
}

TEST(Router, TranslatesAndBroadcastsDmiInvalidation)
{
    initiator cpu0("cpu0"), cpu1("cpu1");
    router bus("bus");
    memory ram("ram", 0x10000);
    cpu0.out.bind(bus.in);
    cpu1.out.bind(bus.in);
    bus.map(ram.in, RAM_BASE, 0x10000);
    elaborate();
    ram.invalidate_dmi();
    for (initiator *c : {&cpu0, &cpu1}) {
        ASSERT_EQ(c->invalidations.size(), 1u);
        EXPECT_EQ(c->invalidations[0].first, RAM_BASE);
        EXPECT_EQ(c->invalidations[0].second, RAM_BASE + 0xffff);
    }
}

TEST(Router, ForwardsDebugTransport)
{
    bench b;
    uint32_t v = 0x12345678;
    EXPECT_EQ(b.cpu.dbg(tlm::TLM_WRITE_COMMAND, RAM_BASE + 0x100, &v, 4), 4u);
    EXPECT_EQ(b.ram.host_ptr()[0x100], 0x78);
    tlm::tlm_response_status st;
    EXPECT_EQ(b.cpu.dbg(tlm::TLM_READ_COMMAND, 0x10, &v, 4, &st), 0u);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.ram.writes(), 0u);
    EXPECT_EQ(b.bus.transactions(), 0u);
}

TEST(Router, RejectsOverlappingWindows)
{
    bench b(false);
    memory other("other", 0x1000);
    EXPECT_SC_ERROR(b.bus.map(other.in, RAM_BASE + 0xf000, 0x1000, SC_ZERO_TIME, "other"),
                    "'other' [0x4000f000, 0x40010000) overlaps 'ram' [0x40000000, 0x40010000)");
    EXPECT_EQ(b.bus.mappings().size(), 2u);
}

TEST(Router, RejectsEmptyAndWrappingWindows)
{
    router bus("bus");
    memory m("m", 0x1000);
    EXPECT_SC_ERROR(bus.map(m.in, 0x1000, 0, SC_ZERO_TIME, "m"), "is empty or wraps");
    EXPECT_SC_ERROR(bus.map(m.in, ~0ull - 0xff, 0x1000, SC_ZERO_TIME, "m"), "is empty or wraps");
}

TEST(Router, WorksUnderSimulation)
{
    // The map survives elaboration (all sockets bound) and time advances.
    bench b;
    run_until(us(1));
    b.cpu.local = ns(5); // a core running ahead of sc_time_stamp()
    EXPECT_EQ(b.cpu.read(RAM_BASE, 4), 0u);
    EXPECT_EQ(b.cpu.delay, ns(12));
    EXPECT_EQ(sc_time_stamp(), us(1));
}

TEST(Router, ReportsUnmappedAccessesInTheGuestErrorLog)
{
    bench b;
    std::ostringstream log;
    guest_log::set_output(&log);
    tlm::tlm_response_status st;
    b.cpu.read(0x09000000, 4, &st);
    st = b.cpu.write(0x10, 0x1, 1);
    b.cpu.read(RAM_BASE, 4); // mapped: not reported
    guest_log::set_output(nullptr);
    b.cpu.read(0x09000000, 4, &st); // log off
    EXPECT_EQ(log.str(), "guest-error: 0 ns: bus: 4-byte read of unmapped address 0x9000000\n"
                         "guest-error: 0 ns: bus: 1-byte write of unmapped address 0x10\n");
}
