// The GDB Remote Serial Protocol unit (platform/gdb/rsp.*): framing, escapes,
// checksums, hex helpers and the parse of each packet the stub implements.
#include "gdb/rsp.hpp"

#include <gtest/gtest.h>

using namespace pscisim::gdb;
using k = rsp_command::kind;

namespace
{

std::vector<rsp_event> feed(rsp_framer &f, const std::string &s)
{
    std::vector<rsp_event> out;
    f.feed(s.data(), s.size(), out);
    return out;
}

TEST(GdbRsp, FramesAndChecksums)
{
    EXPECT_EQ(rsp_frame("OK"), "$OK#9a");
    EXPECT_EQ(rsp_frame(""), "$#00");
    // '#', '$', '}' and '*' are escaped as '}' + (c ^ 0x20); the checksum covers the escapes.
    EXPECT_EQ(rsp_frame("a#b"), "$a}\x03"
                                "b#" +
                                    std::string("43"));
    rsp_framer f;
    auto ev = feed(f, "+$OK#9a-\x03junk$qC#b4");
    ASSERT_EQ(ev.size(), 5u);
    EXPECT_EQ(ev[0].what, rsp_event::kind::ack);
    EXPECT_EQ(ev[1].what, rsp_event::kind::packet);
    EXPECT_EQ(ev[1].payload, "OK");
    EXPECT_EQ(ev[2].what, rsp_event::kind::nak);
    EXPECT_EQ(ev[3].what, rsp_event::kind::interrupt);
    EXPECT_EQ(ev[4].payload, "qC");
}

TEST(GdbRsp, BadChecksumTooLongAndResync)
{
    rsp_framer f;
    auto ev = feed(f, "$OK#00$OK#zz");
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_EQ(ev[0].what, rsp_event::kind::bad_checksum);
    EXPECT_EQ(ev[1].what, rsp_event::kind::bad_checksum);
    std::string big(rsp_max_payload + 10, 'A');
    ev = feed(f, "$" + big + "#00");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].what, rsp_event::kind::bad_checksum);
    // A '$' inside a packet starts a new one (the old one lost its end).
    ev = feed(f, "$garb$OK#9a");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].payload, "OK");
    // Split across reads.
    EXPECT_TRUE(feed(f, "$O").empty());
    ev = feed(f, "K#9a");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].payload, "OK");
}

TEST(GdbRsp, EscapesRoundTrip)
{
    std::string bin("\x00#$}*\xff", 6);
    rsp_framer f;
    auto ev = feed(f, rsp_frame("X0,6:" + bin));
    ASSERT_EQ(ev.size(), 1u);
    ASSERT_EQ(ev[0].what, rsp_event::kind::packet);
    rsp_command c = parse_command(ev[0].payload);
    EXPECT_EQ(c.what, k::write_mem);
    EXPECT_EQ(c.data, bin);
}

TEST(GdbRsp, Hex)
{
    std::string b;
    EXPECT_EQ(hex_encode(std::string("\x01\xab", 2)), "01ab");
    EXPECT_TRUE(hex_decode("01AB", b));
    EXPECT_EQ(b, std::string("\x01\xab", 2));
    EXPECT_FALSE(hex_decode("123", b));
    EXPECT_FALSE(hex_decode("zz", b));
    uint64_t v;
    EXPECT_TRUE(parse_hex_u64("ffffffffffffffff", v));
    EXPECT_EQ(v, ~0ull);
    EXPECT_FALSE(parse_hex_u64("1ffffffffffffffff", v));
    EXPECT_FALSE(parse_hex_u64("", v));
    EXPECT_FALSE(parse_hex_u64("-1", v));
    EXPECT_EQ(hex_le(0x1122334455667788ull, 8), "8877665544332211");
    EXPECT_EQ(hex_le(0x80000000u, 4), "00000080");
}

TEST(GdbRsp, Commands)
{
    EXPECT_EQ(parse_command("?").what, k::halt_reason);
    EXPECT_EQ(parse_command("g").what, k::read_regs);
    rsp_command c = parse_command("p21");
    EXPECT_EQ(c.what, k::read_reg);
    EXPECT_EQ(c.type, 0x21u);
    c = parse_command("P20=0800084000000000");
    EXPECT_EQ(c.what, k::write_reg);
    EXPECT_EQ(c.data.size(), 8u);
    c = parse_command("m40080000,10");
    EXPECT_EQ(c.what, k::read_mem);
    EXPECT_EQ(c.addr, 0x40080000u);
    EXPECT_EQ(c.len, 0x10u);
    c = parse_command("M40000000,2:beef");
    EXPECT_EQ(c.what, k::write_mem);
    EXPECT_EQ(c.data, "\xbe\xef");
    c = parse_command("Hg-1");
    EXPECT_EQ(c.what, k::set_thread);
    EXPECT_EQ(c.op, 'g');
    EXPECT_EQ(c.thread.id, -1);
    c = parse_command("Z2,40001000,8");
    EXPECT_EQ(c.what, k::insert_point);
    EXPECT_EQ(c.type, 2u);
    EXPECT_EQ(c.addr, 0x40001000u);
    EXPECT_EQ(c.len, 8u);
    EXPECT_EQ(parse_command("z0,40080000,4").what, k::remove_point);
    c = parse_command("vCont;s:2;c");
    ASSERT_EQ(c.what, k::vcont);
    ASSERT_EQ(c.actions.size(), 2u);
    EXPECT_EQ(c.actions[0].op, 's');
    EXPECT_EQ(c.actions[0].thread, 2);
    EXPECT_EQ(c.actions[1].op, 'c');
    EXPECT_EQ(c.actions[1].thread, -1);
    c = parse_command("vCont;C02:1");
    ASSERT_EQ(c.what, k::vcont);
    EXPECT_EQ(c.actions[0].op, 'c');
    EXPECT_EQ(parse_command("vCont?").what, k::vcont_query);
    c = parse_command("qXfer:features:read:target.xml:0,fff");
    EXPECT_EQ(c.what, k::query);
    EXPECT_EQ(c.name, "Xfer");
    EXPECT_EQ(c.args, "features:read:target.xml:0,fff");
    c = parse_command("qRcmd,68656c70");
    EXPECT_EQ(c.name, "Rcmd");
    EXPECT_EQ(c.args, "68656c70");
    c = parse_command("c40080000");
    EXPECT_EQ(c.what, k::cont);
    EXPECT_TRUE(c.has_addr);
    EXPECT_EQ(parse_command("s").what, k::step);
    EXPECT_EQ(parse_command("D").what, k::detach);
    EXPECT_EQ(parse_command("k").what, k::kill);
    EXPECT_EQ(parse_command("QStartNoAckMode").what, k::set);
}

TEST(GdbRsp, MalformedAndUnknown)
{
    for (const char *bad : {"m",          "mzz,1",    "m1",     "M0,2:be", "M0,1:zz",   "P1",
                            "P1=abc",     "pzz",      "Hx1",    "H",       "Tzz",       "Z5,0,4",
                            "Z0,0",       "vCont",    "vCont;", "vCont;x", "vCont;s:0", "vCont;Szz",
                            "vCont;t;;t", "vCont;c;", "G123",   "czz",     "q"})
        EXPECT_EQ(parse_command(bad).what, k::malformed) << bad;
    for (const char *unk : {"", "vMustReplyEmpty", "!", "Z0,0,4;cond", "gx", "y"})
        EXPECT_EQ(parse_command(unk).what, k::empty_reply) << unk;
}

} // namespace
