// PL011: identification, reset values, timed transmit through FIFO or holding
// register, flags, transmit/receive/timeout/overrun interrupts, loopback, bus
// access rules.
#include "harness.h"

#include "pscisim/console.h"
#include "pscisim/device.h"

#include <sstream>
#include <vector>

#include "pscisim/guest_log.h"
#include "pscisim/pl011.h"

using namespace pscisim;
using namespace pscisim::test;
using namespace sc_core;

namespace
{
constexpr uint64_t LCR_8N1 = 3u << pl011::LCR_H_WLEN_SHIFT;

struct bench {
    initiator cpu{"cpu"};
    pl011 uart;
    std::vector<std::pair<sc_time, char>> out;
    // 16 MHz UARTCLK: IBRD = 1 gives 1 Mbit/s, 10 us per 8N1 character.
    explicit bench(uint64_t clk = 16000000) : uart("uart", clk)
    {
        cpu.out.bind(uart.in);
        uart.set_output([this](uint8_t c) { out.emplace_back(sc_time_stamp(), char(c)); });
        elaborate();
    }
    void program_1mbit(bool fifo)
    {
        cpu.write32(pl011::IBRD, 1);
        cpu.write32(pl011::FBRD, 0);
        cpu.write32(pl011::LCR_H, LCR_8N1 | (fifo ? uint32_t(pl011::LCR_H_FEN) : 0u));
        cpu.write32(pl011::CR, pl011::CR_UARTEN | pl011::CR_TXE | pl011::CR_RXE);
    }
    uint32_t fr() { return cpu.read32(pl011::FR); }
    std::string text() const
    {
        std::string s;
        for (auto &e : out)
            s += e.second;
        return s;
    }
};
} // namespace

TEST(Pl011, IdentifiesAsPrimeCellPl011)
{
    bench b;
    const uint32_t periph[4] = {0x11, 0x10, 0x34, 0x00}, cell[4] = {0x0d, 0xf0, 0x05, 0xb1};
    for (unsigned i = 0; i < 4; i++) {
        EXPECT_EQ(b.cpu.read32(0xfe0 + 4 * i), periph[i]);
        EXPECT_EQ(b.cpu.read32(0xff0 + 4 * i), cell[i]);
    }
}

TEST(Pl011, ResetValues)
{
    bench b;
    EXPECT_EQ(b.fr(), pl011::FR_TXFE | pl011::FR_RXFE);
    EXPECT_EQ(b.cpu.read32(pl011::CR), 0x300u);
    EXPECT_EQ(b.cpu.read32(pl011::IFLS), 0x12u);
    EXPECT_EQ(b.cpu.read32(pl011::IMSC), 0u);
    EXPECT_EQ(b.cpu.read32(pl011::RIS), 0u);
    EXPECT_EQ(b.cpu.read32(pl011::LCR_H), 0u);
    EXPECT_FALSE(b.uart.irq.read());
    EXPECT_EQ(b.uart.char_time(), SC_ZERO_TIME);
}

TEST(Pl011, UnprogrammedDivisorTransmitsAtOnce)
{
    bench b;
    run_until(us(3));
    for (char c : std::string("hi\n"))
        b.cpu.write32(pl011::DR, uint8_t(c));
    ASSERT_EQ(b.out.size(), 3u);
    EXPECT_EQ(b.text(), "hi\n");
    EXPECT_EQ(b.out[2].first, us(3));
    EXPECT_EQ(b.fr() & pl011::FR_BUSY, 0u);
    EXPECT_EQ(b.uart.tx_count(), 3u);
}

TEST(Pl011, CharacterTimeFollowsDivisorAndFrameFormat)
{
    bench b;
    b.program_1mbit(false);
    EXPECT_EQ(b.uart.char_time(), us(10)); // start + 8 data + stop at 1 us per bit
    // 5 data bits, parity, two stop bits: 9 bits.
    b.cpu.write32(pl011::LCR_H, pl011::LCR_H_PEN | pl011::LCR_H_STP2);
    EXPECT_EQ(b.uart.char_time(), us(9));
}

TEST(Pl011, DivisorIsLatchedByLcrHWrite)
{
    // IBRD = 13, FBRD = 1 at 24 MHz (115200 baud): 16 x 13.015625 / 24 MHz per bit.
    bench c(24000000);
    c.cpu.write32(pl011::IBRD, 13);
    c.cpu.write32(pl011::FBRD, 1);
    EXPECT_EQ(c.uart.char_time(), SC_ZERO_TIME); // not latched until LCR_H is written
    c.cpu.write32(pl011::LCR_H, LCR_8N1);
    EXPECT_EQ(c.uart.char_time(), sc_time(8677084, SC_PS) * 10.0);
}

// What a bootloader leaves for Linux (--kernel): 115200 8N1 at 24 MHz is IBRD = 13,
// FBRD = 1, FIFOs on, enabled for transmit and receive.
TEST(Pl011, FirmwareSetupLeavesTheUartEnabledAt115200)
{
    bench c(24000000);
    c.uart.firmware_setup(115200);
    EXPECT_EQ(c.cpu.read32(pl011::IBRD), 13u);
    EXPECT_EQ(c.cpu.read32(pl011::FBRD), 1u);
    EXPECT_EQ(c.cpu.read32(pl011::LCR_H), LCR_8N1 | uint32_t(pl011::LCR_H_FEN));
    EXPECT_EQ(c.cpu.read32(pl011::CR), uint32_t(pl011::CR_UARTEN | pl011::CR_TXE | pl011::CR_RXE));
    EXPECT_EQ(c.uart.char_time(), sc_time(8677084, SC_PS) * 10.0);
}

TEST(Pl011, TransmitIsTimedThroughTheFifo)
{
    bench b;
    b.program_1mbit(true);
    run_until(us(100));
    for (char c : std::string("abc"))
        b.cpu.write32(pl011::DR, uint8_t(c));
    // 'a' is in the shift register, 'b' and 'c' wait in the FIFO.
    EXPECT_EQ(b.fr() & (pl011::FR_BUSY | pl011::FR_TXFE), pl011::FR_BUSY);
    run_until(us(140));
    ASSERT_EQ(b.out.size(), 3u);
    EXPECT_EQ(b.out[0].first, us(110));
    EXPECT_EQ(b.out[1].first, us(120));
    EXPECT_EQ(b.out[2].first, us(130));
    EXPECT_EQ(b.text(), "abc");
    EXPECT_EQ(b.fr() & (pl011::FR_BUSY | pl011::FR_TXFE), pl011::FR_TXFE);
}

TEST(Pl011, FlagsSeenAtTheInitiatorsLocalTime)
{
    bench b;
    b.program_1mbit(true);
    b.cpu.write32(pl011::DR, 'x');
    b.cpu.local = us(5);
    EXPECT_TRUE(b.fr() & pl011::FR_BUSY);
    b.cpu.local = us(10); // the core ran ahead past the end of the character
    EXPECT_FALSE(b.fr() & pl011::FR_BUSY);
    // A write at local time 20 us starts there, not at sc_time_stamp().
    b.cpu.local = us(20);
    b.cpu.write32(pl011::DR, 'y');
    run_until(us(40));
    ASSERT_EQ(b.out.size(), 2u);
    EXPECT_EQ(b.out[1].first, us(30));
}

TEST(Pl011, FullFifoSetsTxffAndLosesFurtherWrites)
{
    bench b;
    b.program_1mbit(true);
    for (unsigned i = 0; i < 33; i++) // 1 in the shift register + 32 in the FIFO
        b.cpu.write32(pl011::DR, 'A' + (i % 26));
    EXPECT_TRUE(b.fr() & pl011::FR_TXFF);
    b.cpu.write32(pl011::DR, '!');
    EXPECT_EQ(b.uart.tx_dropped(), 1u);
    run_until(us(10));
    EXPECT_FALSE(b.fr() & pl011::FR_TXFF);
    run_until(us(1000));
    EXPECT_EQ(b.out.size(), 33u);
    EXPECT_EQ(b.out.back().first, us(330));
}

TEST(Pl011, WithoutFifoTheHoldingRegisterHoldsOneCharacter)
{
    bench b;
    b.program_1mbit(false);
    b.cpu.write32(pl011::DR, '1'); // straight to the shift register
    EXPECT_FALSE(b.fr() & pl011::FR_TXFF);
    b.cpu.write32(pl011::DR, '2'); // holding register
    EXPECT_TRUE(b.fr() & pl011::FR_TXFF);
    b.cpu.write32(pl011::DR, '3'); // lost
    EXPECT_EQ(b.uart.tx_dropped(), 1u);
    run_until(us(50));
    EXPECT_EQ(b.text(), "12");
}

TEST(Pl011, TransmitInterruptWhenFifoDrainsToTriggerLevel)
{
    bench b;
    b.program_1mbit(true);
    b.cpu.write32(pl011::IFLS, 0); // TX trigger at 1/8 = 4 entries
    b.cpu.write32(pl011::IMSC, pl011::INT_TX);
    std::vector<std::pair<sc_time, bool>> edges;
    b.uart.irq.bind([&](bool v) {
        if (v || !edges.empty()) edges.emplace_back(sc_time_stamp(), v);
    });
    for (unsigned i = 0; i < 10; i++)
        b.cpu.write32(pl011::DR, '0' + i);
    EXPECT_FALSE(b.uart.irq.read());
    // Character k starts at 10k us; after the 6th (k = 5) starts, 4 remain queued.
    run_until(us(49));
    EXPECT_FALSE(b.uart.irq.read());
    run_until(us(50));
    EXPECT_TRUE(b.uart.irq.read());
    ASSERT_EQ(edges.size(), 1u);
    EXPECT_EQ(edges[0].first, us(50));
    EXPECT_EQ(b.cpu.read32(pl011::MIS), pl011::INT_TX);
    b.cpu.write32(pl011::ICR, pl011::INT_TX);
    EXPECT_FALSE(b.uart.irq.read());
    EXPECT_EQ(b.cpu.read32(pl011::RIS), 0u);
    // Masked: RIS shows it, MIS and the line do not.
    b.cpu.write32(pl011::IMSC, 0);
    for (unsigned i = 0; i < 10; i++)
        b.cpu.write32(pl011::DR, 'a' + i);
    run_until(us(500));
    EXPECT_EQ(b.cpu.read32(pl011::RIS), pl011::INT_TX);
    EXPECT_EQ(b.cpu.read32(pl011::MIS), 0u);
    EXPECT_FALSE(b.uart.irq.read());
}

TEST(Pl011, ReceiveSetsFlagsAndInterrupt)
{
    bench b;
    b.uart.receive('q'); // UARTEN clear: dropped
    EXPECT_EQ(b.uart.rx_dropped(), 1u);
    b.program_1mbit(false);
    b.cpu.write32(pl011::IMSC, pl011::INT_RX);
    b.uart.receive('q');
    EXPECT_FALSE(b.fr() & pl011::FR_RXFE);
    EXPECT_TRUE(b.fr() & pl011::FR_RXFF); // 1-entry holding register
    EXPECT_TRUE(b.uart.irq.read());
    EXPECT_EQ(b.cpu.read32(pl011::DR), uint32_t('q'));
    EXPECT_TRUE(b.fr() & pl011::FR_RXFE);
    EXPECT_FALSE(b.uart.irq.read()); // reading the data clears RXRIS
}

TEST(Pl011, ReceiveTimeoutAfter32BitPeriods)
{
    bench b;
    b.program_1mbit(true); // RX trigger 1/2 = 16: one character stays below it
    b.cpu.write32(pl011::IMSC, pl011::INT_RT | pl011::INT_RX);
    run_until(us(10));
    b.uart.receive('z');
    EXPECT_FALSE(b.uart.irq.read());
    run_until(us(41));
    EXPECT_FALSE(b.uart.irq.read());
    run_until(us(42));
    EXPECT_TRUE(b.uart.irq.read());
    EXPECT_EQ(b.cpu.read32(pl011::MIS), pl011::INT_RT);
    EXPECT_EQ(b.cpu.read32(pl011::DR), uint32_t('z')); // emptying the FIFO clears it
    EXPECT_FALSE(b.uart.irq.read());
}

TEST(Pl011, RxFifoTriggerLevel)
{
    bench b;
    b.program_1mbit(true);
    b.cpu.write32(pl011::IFLS, 0); // RX trigger 1/8 = 4
    b.cpu.write32(pl011::IMSC, pl011::INT_RX);
    for (char c : std::string("abc"))
        b.uart.receive(uint8_t(c));
    EXPECT_FALSE(b.uart.irq.read());
    b.uart.receive('d');
    EXPECT_TRUE(b.uart.irq.read());
    b.cpu.read32(pl011::DR); // level 3 < 4
    EXPECT_FALSE(b.uart.irq.read());
}

TEST(Pl011, OverrunIsReportedAndCleared)
{
    bench b;
    b.program_1mbit(false);
    b.cpu.write32(pl011::IMSC, pl011::INT_OE);
    b.uart.receive('1');
    b.uart.receive('2'); // no room: overrun
    EXPECT_TRUE(b.uart.irq.read());
    EXPECT_EQ(b.cpu.read32(pl011::RSR_ECR), 0x8u);
    b.cpu.write32(pl011::RSR_ECR, 0);
    EXPECT_EQ(b.cpu.read32(pl011::RSR_ECR), 0u);
    b.cpu.write32(pl011::ICR, pl011::INT_ALL);
    EXPECT_FALSE(b.uart.irq.read());
    EXPECT_EQ(b.cpu.read32(pl011::DR), uint32_t('1'));
}

TEST(Pl011, LoopbackFeedsTransmitToReceive)
{
    bench b;
    b.program_1mbit(true);
    b.cpu.write32(pl011::CR, pl011::CR_UARTEN | pl011::CR_TXE | pl011::CR_RXE | pl011::CR_LBE);
    b.cpu.write32(pl011::DR, 'L');
    run_until(us(10));
    EXPECT_TRUE(b.out.empty());
    EXPECT_EQ(b.cpu.read32(pl011::DR), uint32_t('L'));
}

TEST(Pl011, BusAccessRules)
{
    bench b;
    tlm::tlm_response_status st;
    b.cpu.read(0x008, 4, &st); // reserved offset
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read(pl011::FR, 8, &st); // wider than the register
    EXPECT_EQ(st, tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.read(pl011::FR, 2), 0x90u); // Linux uses 16-bit accesses
    EXPECT_EQ(b.cpu.write(pl011::IBRD, 0x12345, 2), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(pl011::IBRD), 0x2345u);
    b.cpu.write32(pl011::FBRD, 0xff);
    EXPECT_EQ(b.cpu.read32(pl011::FBRD), 0x3fu); // 6 bits
    b.cpu.write32(pl011::FR, 0);                 // read-only: ignored
    EXPECT_EQ(b.fr(), 0x90u);
    // Debug reads have no side effects: the receive FIFO is not popped.
    b.program_1mbit(true);
    b.uart.receive('d');
    uint32_t v = 0;
    EXPECT_EQ(b.cpu.dbg(tlm::TLM_READ_COMMAND, pl011::DR, &v, 4), 4u);
    EXPECT_FALSE(b.fr() & pl011::FR_RXFE);
}

TEST(Pl011, OutputToAStream)
{
    initiator cpu("cpu");
    pl011 uart("uart");
    cpu.out.bind(uart.in);
    std::ostringstream os;
    uart.set_output(os);
    uart.set_latency(ns(20));
    elaborate();
    cpu.write32(pl011::DR, 'o');
    cpu.write32(pl011::DR, 'k');
    EXPECT_EQ(os.str(), "ok");
    EXPECT_EQ(cpu.delay, ns(20));
}

TEST(Pl011, ResetClearsQueuesAndInterrupts)
{
    bench b;
    b.program_1mbit(true);
    b.cpu.write32(pl011::IMSC, pl011::INT_RX);
    b.cpu.write32(pl011::IFLS, 0);
    for (char c : std::string("abcd"))
        b.uart.receive(uint8_t(c));
    b.cpu.write32(pl011::DR, 'x');
    EXPECT_TRUE(b.uart.irq.read());
    b.uart.reset();
    EXPECT_FALSE(b.uart.irq.read());
    EXPECT_EQ(b.fr(), 0x90u);
    EXPECT_EQ(b.uart.char_time(), SC_ZERO_TIME);
    run_until(us(100));
    EXPECT_TRUE(b.out.empty());
}

TEST(Pl011, FlushSendsWhatIsStillQueued)
{
    bench b;
    b.program_1mbit(true);
    for (char c : std::string("bye\n"))
        b.cpu.write32(pl011::DR, uint8_t(c));
    run_until(us(15));
    EXPECT_EQ(b.text(), "b");
    b.uart.flush();
    EXPECT_EQ(b.text(), "bye\n");
    EXPECT_EQ(b.fr() & (pl011::FR_BUSY | pl011::FR_TXFE), pl011::FR_TXFE);
    run_until(us(100)); // nothing is sent twice
    EXPECT_EQ(b.text(), "bye\n");
}

TEST(Pl011, ReportsFifoOverrunsInTheGuestErrorLog)
{
    bench b;
    b.program_1mbit(false);
    std::ostringstream log;
    guest_log::set_output(&log);
    b.cpu.write32(pl011::DR, 'a'); // into the shift register
    b.cpu.write32(pl011::DR, 'b'); // into the holding register
    b.cpu.write32(pl011::DR, 'c'); // lost
    b.uart.receive('1');
    b.uart.receive('2'); // lost
    guest_log::set_output(nullptr);
    EXPECT_EQ(b.uart.tx_dropped(), 1u);
    EXPECT_EQ(log.str(),
              "guest-error: 0 ns: uart: transmit FIFO overrun: UARTDR write of 0x63 lost "
              "(check UARTFR.TXFF before writing)\n"
              "guest-error: 0 ns: uart: receive FIFO overrun: character 0x32 lost (the "
              "guest does not read UARTDR fast enough)\n");
}

// The host sender (--uart-input): one character per interval, held while the
// receiver is off or the FIFO is full (flow control: nothing lost, no overrun), the
// RX and receive-timeout interrupts as for any received character, EOF ends it.
TEST(Pl011, HostInputArrivesAtAFixedRateWithFlowControl)
{
    bench b;
    std::string text = "0123456789abcdefghijklmnopqrstuvwxyzABCD"; // 40 > FIFO depth
    size_t pos = 0;
    unsigned calls_after_eof = 0;
    b.uart.set_input(
        [&]() -> int {
            if (pos < text.size()) return uint8_t(text[pos++]);
            calls_after_eof++;
            return pl011::input_eof;
        },
        us(5));
    run_until(us(100)); // receiver disabled (reset): the sender holds its first character
    EXPECT_EQ(b.uart.rx_count(), 0u);
    EXPECT_EQ(pos, 1u);
    b.program_1mbit(true); // at 100 us
    b.cpu.write32(pl011::IMSC, pl011::INT_RX | pl011::INT_RT);
    run_until(us(105));
    EXPECT_EQ(b.uart.rx_count(), 1u);
    EXPECT_EQ(b.cpu.read32(pl011::RIS) & pl011::INT_RX, 0u); // 1 < trigger (16)
    run_until(us(180)); // 16 characters by 180 us: RX interrupt at the trigger level
    EXPECT_EQ(b.uart.rx_count(), 16u);
    EXPECT_NE(b.cpu.read32(pl011::RIS) & pl011::INT_RX, 0u);
    EXPECT_TRUE(b.uart.irq.read());
    run_until(us(400)); // the FIFO fills (32) and the sender waits: no overrun
    EXPECT_EQ(b.uart.rx_count(), 32u);
    EXPECT_EQ(b.uart.rx_dropped(), 0u);
    EXPECT_EQ(b.cpu.read32(pl011::RIS) & pl011::INT_OE, 0u);
    std::string got;
    while (!(b.fr() & pl011::FR_RXFE))
        got += char(b.cpu.read32(pl011::DR) & 0xff);
    run_until(us(500)); // the rest, then EOF
    while (!(b.fr() & pl011::FR_RXFE))
        got += char(b.cpu.read32(pl011::DR) & 0xff);
    EXPECT_EQ(got, text);
    EXPECT_EQ(calls_after_eof, 1u); // EOF stops the sender
    run_until(us(600));
    EXPECT_EQ(calls_after_eof, 1u);
}

TEST(Pl011, HostInputNothingYetAsksAgainNextInterval)
{
    bench b;
    b.program_1mbit(false);
    std::vector<int> script = {pl011::input_none, pl011::input_none, 'x', pl011::input_eof};
    std::vector<sc_time> asked;
    size_t i = 0;
    b.uart.set_input(
        [&]() {
            asked.push_back(sc_time_stamp());
            return script.at(i++);
        },
        us(10));
    run_until(us(100));
    EXPECT_EQ(asked, (std::vector<sc_time>{us(10), us(20), us(30), us(40)}));
    EXPECT_EQ(b.cpu.read32(pl011::DR) & 0xff, uint32_t('x'));
}

// The machine-table factory: the console row's UART writes to device_params'
// console and receives device_params' console_input at its interval.
TEST(Pl011, FactoryWiresTheConsoleAndItsInput)
{
    struct capture : console_if {
        std::string text;
        void write(console_stream, const char *d, size_t n) override { text.append(d, n); }
        void flush() override {}
    } con;
    std::string in = "ok";
    size_t pos = 0;
    device_params p;
    p.name = "uart";
    p.clock_hz = 16000000;
    p.window_sizes = {0x1000};
    p.console = &con;
    p.console_input = [&]() -> int {
        return pos < in.size() ? uint8_t(in[pos++]) : pl011::input_eof;
    };
    p.input_interval = us(5);
    device_instance d = device_registry::find("pl011")(p);
    initiator cpu("cpu");
    cpu.out.bind(*d.windows.at(0));
    d.spis.at(0)->bind([](bool) {});
    elaborate();
    cpu.write32(pl011::IBRD, 1);
    cpu.write32(pl011::FBRD, 0);
    cpu.write32(pl011::LCR_H, LCR_8N1 | uint32_t(pl011::LCR_H_FEN));
    cpu.write32(pl011::CR, pl011::CR_UARTEN | pl011::CR_TXE | pl011::CR_RXE);
    cpu.write32(pl011::DR, '>');
    run_until(us(100));
    EXPECT_EQ(con.text, ">");
    std::string got;
    while (!(cpu.read32(pl011::FR) & pl011::FR_RXFE))
        got += char(cpu.read32(pl011::DR) & 0xff);
    EXPECT_EQ(got, "ok");
}
