// Register declarations (reg/reg_bank) and the interrupt wire (irq_line).
#include "harness.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "pscisim/device.h"
#include "pscisim/guest_log.h"
#include "pscisim/irq.h"
#include "pscisim/regs.h"

using namespace pscisim;
using namespace pscisim::test;

namespace
{
tlm::tlm_response_status rd(reg_bank &b, uint64_t off, unsigned len, uint64_t &v, bool dbg = false)
{
    v = 0;
    return b.access(false, off, reinterpret_cast<uint8_t *>(&v), len, dbg);
}
tlm::tlm_response_status wr(reg_bank &b, uint64_t off, unsigned len, uint64_t v)
{
    return b.access(true, off, reinterpret_cast<uint8_t *>(&v), len, false);
}
} // namespace

TEST(Regs, ResetValuesAndWritableMask)
{
    reg_bank b("bank");
    reg r(b, "CTRL", 0x10, 0x5, reg_access::rw);
    r.writable_mask = 0xff;
    uint64_t v;
    EXPECT_EQ(rd(b, 0x10, 4, v), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, 5u);
    EXPECT_EQ(wr(b, 0x10, 4, 0x1234), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(r.get(), 0x34u);
    b.reset();
    EXPECT_EQ(r.get(), 5u);
}

TEST(Regs, ReadOnlyIgnoresWritesWriteOnlyReadsZero)
{
    reg_bank b("bank");
    reg ro(b, "RO", 0x0, 0x77, reg_access::ro);
    reg wo(b, "WO", 0x4, 0x0, reg_access::wo);
    uint64_t v;
    wr(b, 0x0, 4, 1);
    EXPECT_EQ(ro.get(), 0x77u);
    wr(b, 0x4, 4, 9);
    EXPECT_EQ(wo.get(), 9u);
    rd(b, 0x4, 4, v);
    EXPECT_EQ(v, 0u);
}

TEST(Regs, AccessSizeAndAlignmentRules)
{
    reg_bank b("bank");
    reg w(b, "WORD", 0x0);
    reg bytes(b, "BYTES", 0x4);
    bytes.sub_word = true;
    reg d(b, "DWORD", 0x8, 0x1122334455667788ull, reg_access::rw, 8);
    uint64_t v;
    EXPECT_EQ(rd(b, 0x0, 2, v), tlm::TLM_GENERIC_ERROR_RESPONSE); // narrower, not allowed
    EXPECT_EQ(rd(b, 0x0, 8, v), tlm::TLM_GENERIC_ERROR_RESPONSE); // spans two registers
    EXPECT_EQ(rd(b, 0x2, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE); // misaligned
    EXPECT_EQ(rd(b, 0x0, 3, v), tlm::TLM_GENERIC_ERROR_RESPONSE); // odd size
    EXPECT_EQ(wr(b, 0x5, 1, 0xab), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(bytes.get(), 0xab00u);
    EXPECT_EQ(rd(b, 0xc, 4, v), tlm::TLM_OK_RESPONSE); // upper half of a 64-bit register
    EXPECT_EQ(v, 0x11223344u);
    EXPECT_EQ(wr(b, 0x8, 4, 0xaaaaaaaa), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(d.get(), 0x11223344aaaaaaaaull);
    EXPECT_EQ(rd(b, 0xa, 2, v), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(rd(b, 0x10, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE); // nothing there
}

TEST(Regs, ArraysAndCallbacks)
{
    reg_bank b("bank");
    reg arr(b, "ARR", 0x100, 0, reg_access::rw, 4, 8);
    std::vector<std::tuple<size_t, uint64_t, uint64_t>> writes;
    arr.on_write = [&](size_t i, uint64_t v, uint64_t m) { writes.emplace_back(i, v, m); };
    arr.on_read = [](size_t i) { return uint64_t(i * 3); };
    arr.sub_word = true;
    uint64_t v;
    rd(b, 0x100 + 4 * 5, 4, v);
    EXPECT_EQ(v, 15u);
    wr(b, 0x100 + 4 * 7 + 2, 1, 0xee);
    ASSERT_EQ(writes.size(), 1u);
    EXPECT_EQ(writes[0], std::make_tuple(size_t(7), uint64_t(0xee0000), uint64_t(0xff0000)));
    EXPECT_EQ(rd(b, 0x120, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE); // past the last element
}

TEST(Regs, DebugReadsSkipSideEffects)
{
    reg_bank b("bank");
    reg fifo(b, "FIFO", 0x0, 0x42);
    int pops = 0;
    fifo.read_side_effects = true;
    fifo.on_read = [&](size_t) {
        pops++;
        return uint64_t(7);
    };
    uint64_t v;
    rd(b, 0, 4, v, /*dbg=*/true);
    EXPECT_EQ(v, 0x42u);
    EXPECT_EQ(pops, 0);
    rd(b, 0, 4, v);
    EXPECT_EQ(v, 7u);
    EXPECT_EQ(pops, 1);
}

TEST(Regs, ReservedRazWiBanks)
{
    reg_bank b("gic", /*reserved_raz_wi=*/true);
    reg r(b, "R", 0x0);
    uint64_t v = 1;
    EXPECT_EQ(rd(b, 0x40, 8, v), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, 0u);
    EXPECT_EQ(wr(b, 0x40, 4, 5), tlm::TLM_OK_RESPONSE);
}

TEST(Regs, OverlapIsAnError)
{
    reg_bank b("bank");
    reg a(b, "A", 0x0, 0, reg_access::rw, 4, 4);
    EXPECT_SC_ERROR(reg c(b, "C", 0xc), "bank: register C overlaps A");
}

TEST(Regs, PayloadTransport)
{
    reg_bank b("bank");
    reg r(b, "R", 0x0, 0xabcd);
    uint32_t v = 0;
    tlm::tlm_generic_payload gp;
    gp.set_read();
    gp.set_address(0);
    gp.set_data_ptr(reinterpret_cast<unsigned char *>(&v));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    b.transport(gp, false);
    EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v, 0xabcdu);
    uint8_t be[4] = {0xff, 0, 0, 0};
    gp.set_byte_enable_ptr(be);
    gp.set_byte_enable_length(4);
    b.transport(gp, false);
    EXPECT_EQ(gp.get_response_status(), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_streaming_width(2);
    b.transport(gp, false);
    EXPECT_EQ(gp.get_response_status(), tlm::TLM_BURST_ERROR_RESPONSE);
}

TEST(IrqLine, NotifiesChangesOnlyAndBindsWithCurrentLevel)
{
    irq_line l;
    l.set(true); // no sink yet
    std::vector<bool> seen;
    l.bind([&](bool v) { seen.push_back(v); });
    l.set(true);
    l.set(false);
    l.set(false);
    EXPECT_EQ(seen, (std::vector<bool>{true, false}));
    EXPECT_FALSE(l.read());
}

// The guest-error log: reg_bank reports every access a guest gets wrong, with the
// bank's name; debug accesses and a log that is off report nothing.
TEST(GuestLog, RegBankReportsGuestErrors)
{
    reg_bank b("dev0");
    reg ro(b, "STATUS", 0x0, 0x77, reg_access::ro);
    reg wo(b, "CMD", 0x4, 0, reg_access::wo);
    reg w(b, "DATA", 0x8);
    uint64_t v;
    std::ostringstream log;
    wr(b, 0x0, 4, 1); // log off: nothing
    guest_log::set_output(&log);
    wr(b, 0x0, 4, 1);
    rd(b, 0x4, 4, v);
    rd(b, 0x1, 2, v);
    rd(b, 0x40, 4, v);
    rd(b, 0x8, 2, v);
    rd(b, 0x8, 3, v);
    rd(b, 0x40, 4, v, true); // debug: not the guest
    guest_log::set_output(nullptr);
    wr(b, 0x0, 4, 1);
    EXPECT_EQ(log.str(),
              "guest-error: 0 ns: dev0: write to read-only register STATUS (ignored)\n"
              "guest-error: 0 ns: dev0: read of write-only register CMD (reads as zero)\n"
              "guest-error: 0 ns: dev0: misaligned 2-byte read at offset 0x1\n"
              "guest-error: 0 ns: dev0: 4-byte read of unmapped offset 0x40\n"
              "guest-error: 0 ns: dev0: 2-byte read of 4-byte register DATA\n"
              "guest-error: 0 ns: dev0: 3-byte read at offset 0x8 (not 1, 2, 4 or 8 bytes)\n");
    EXPECT_EQ(ro.get(), 0x77u); // the guest still sees the architectural outcome
}

TEST(GuestLog, ReservedRazWiLocationsAreReportedAndTheContextNamesCoreAndPc)
{
    reg_bank b("gicd", true);
    reg r(b, "CTLR", 0x0);
    std::ostringstream log;
    guest_log::set_output(&log);
    uint64_t v = 1;
    {
        guest_log::scope ctx(3, true, 0x40080010, ns(250));
        rd(b, 0x100, 4, v);
    }
    {
        guest_log::scope ctx(1, false, 0, ns(7));
        wr(b, 0x104, 4, 1);
    }
    guest_log::set_output(nullptr);
    EXPECT_EQ(v, 0u);
    EXPECT_EQ(log.str(), "guest-error: 250 ns: core 3 PC 0x40080010: gicd: 4-byte read of reserved "
                         "offset 0x100 (RAZ/WI)\n"
                         "guest-error: 7 ns: core 1: gicd: 4-byte write of reserved offset 0x104 "
                         "(RAZ/WI)\n");
}

namespace
{
device_instance make_test_device(const device_params &)
{
    return device_instance{};
}
} // namespace

// Models register under a name once; the machine table's names find them.
TEST(DeviceRegistry, FindsRegisteredModelsAndRefusesDuplicates)
{
    EXPECT_EQ(device_registry::find("test-device"), nullptr);
    EXPECT_TRUE(device_registry::add("test-device", &make_test_device));
    EXPECT_EQ(device_registry::find("test-device"), &make_test_device);
    EXPECT_THROW(device_registry::add("test-device", &make_test_device), std::logic_error);
    auto names = device_registry::names();
    EXPECT_NE(std::find(names.begin(), names.end(), "test-device"), names.end());
}
