// RAM model: b_transport, latency annotation, DMI grant/invalidation, debug
// transport, byte enables, error responses.
#include "harness.h"

#include "pscisim/memory.h"

using namespace pscisim;
using namespace pscisim::test;
using namespace sc_core;

namespace
{
struct bench {
    initiator cpu{"cpu"};
    memory ram;
    explicit bench(uint64_t size = 0x10000, sc_time rl = ns(3), sc_time wl = ns(5))
        : ram("ram", size, rl, wl)
    {
        cpu.out.bind(ram.in);
    }
};
} // namespace

TEST(Memory, ReadBackWhatWasWrittenWithAnnotatedLatency)
{
    bench b;
    EXPECT_EQ(b.cpu.write(0x100, 0x1122334455667788ull, 8), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.delay, ns(5));
    EXPECT_EQ(b.cpu.read(0x100, 8), 0x1122334455667788ull);
    EXPECT_EQ(b.cpu.delay, ns(3));
    EXPECT_EQ(b.cpu.read(0x102, 2), 0x5566u);
    EXPECT_EQ(b.ram.host_ptr()[0x100], 0x88);
    EXPECT_EQ(b.ram.reads(), 2u);
    EXPECT_EQ(b.ram.writes(), 1u);
    // Latency adds to the initiator's local time offset rather than replacing it.
    b.cpu.local = ns(100);
    b.cpu.read(0, 4);
    EXPECT_EQ(b.cpu.delay, ns(3));
}

TEST(Memory, StartsZeroed)
{
    bench b(1 << 20);
    EXPECT_EQ(b.cpu.read(0, 8), 0u);
    EXPECT_EQ(b.cpu.read((1 << 20) - 8, 8), 0u);
}

TEST(Memory, OutOfRangeAndStraddlingAccessesAreAddressErrors)
{
    bench b(0x1000);
    tlm::tlm_response_status st;
    b.cpu.read(0x1000, 4, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read(0xffe, 4, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read(~0ull - 1, 4, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read(0xffc, 4, &st);
    EXPECT_EQ(st, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.ram.reads(), 1u);
}

TEST(Memory, GrantsReadWriteDmiOverTheWholeRam)
{
    bench b(0x8000);
    tlm::tlm_dmi d;
    ASSERT_TRUE(b.cpu.dmi(0x1234, d, tlm::TLM_WRITE_COMMAND));
    EXPECT_EQ(d.get_dmi_ptr(), b.ram.host_ptr());
    EXPECT_EQ(d.get_start_address(), 0u);
    EXPECT_EQ(d.get_end_address(), 0x7fffu);
    EXPECT_TRUE(d.is_read_write_allowed());
    EXPECT_EQ(d.get_read_latency(), ns(3));
    EXPECT_EQ(d.get_write_latency(), ns(5));
    b.cpu.read(0, 4);
    EXPECT_TRUE(b.cpu.dmi_allowed);
    // A store through the DMI pointer is what b_transport then reads.
    d.get_dmi_ptr()[0x40] = 0xab;
    EXPECT_EQ(b.cpu.read(0x40, 1), 0xabu);
}

TEST(Memory, InvalidateDmiReachesTheInitiator)
{
    bench b;
    b.ram.invalidate_dmi();
    ASSERT_EQ(b.cpu.invalidations.size(), 1u);
    EXPECT_EQ(b.cpu.invalidations[0].first, 0u);
    EXPECT_EQ(b.cpu.invalidations[0].second, ~0ull);
    b.ram.set_latency(ns(1), ns(1)); // granted regions carry latencies: invalidated too
    EXPECT_EQ(b.cpu.invalidations.size(), 2u);
}

TEST(Memory, DmiCanBeDisabled)
{
    bench b;
    b.ram.set_dmi_enabled(false);
    EXPECT_EQ(b.cpu.invalidations.size(), 1u);
    tlm::tlm_dmi d;
    EXPECT_FALSE(b.cpu.dmi(0, d));
    b.cpu.read(0, 4);
    EXPECT_FALSE(b.cpu.dmi_allowed);
}

TEST(Memory, DebugTransportIsUntimedAndUncounted)
{
    bench b(0x100);
    uint8_t buf[16];
    std::memset(buf, 0x5a, sizeof buf);
    EXPECT_EQ(b.cpu.dbg(tlm::TLM_WRITE_COMMAND, 0x10, buf, 16), 16u);
    EXPECT_EQ(b.ram.host_ptr()[0x1f], 0x5a);
    uint8_t out[16] = {};
    // Across the end: only what fits is transferred.
    EXPECT_EQ(b.cpu.dbg(tlm::TLM_READ_COMMAND, 0xf8, out, 16), 8u);
    EXPECT_EQ(b.cpu.dbg(tlm::TLM_READ_COMMAND, 0x100, out, 4), 0u);
    EXPECT_EQ(b.ram.reads() + b.ram.writes(), 0u);
}

TEST(Memory, HonoursByteEnables)
{
    bench b;
    b.cpu.write(0, 0xffffffff, 4);
    uint32_t v = 0x11223344;
    const uint8_t be[4] = {0xff, 0x00, 0xff, 0x00};
    EXPECT_EQ(b.cpu.access(tlm::TLM_WRITE_COMMAND, 0, &v, 4, be, 4), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read(0, 4), 0xff22ff44u);
}

TEST(Memory, LargeRamCostsNothingUntilTouched)
{
    bench b(1ull << 30); // 1 GiB, zero pages mapped lazily
    b.cpu.write((1ull << 30) - 4, 0xdeadbeef, 4);
    EXPECT_EQ(b.cpu.read((1ull << 30) - 4, 4), 0xdeadbeefu);
}

TEST(Memory, ZeroSizeIsAnError)
{
    EXPECT_SC_ERROR(memory m("empty", 0), "size must be greater than zero");
}
