// Arm PrimeCell UART (PL011), r1p5 programmer's model (Arm DDI 0183G).
//
// Transmit is timed: each character takes (start + data + parity + stop bits) x
// 16 x BAUDDIV / UARTCLK, BAUDDIV = IBRD + FBRD/64 as latched by the last write
// to UARTLCR_H; characters leave a 32-entry FIFO (1-entry holding register when
// LCR_H.FEN = 0) one after the other and reach the output sink when their last
// stop bit is sent. Until software programs IBRD (IBRD = 0 is not a valid
// divisor) a character takes no time. Receive takes characters from receive();
// interrupts follow the TRM (TX/RX FIFO trigger levels from UARTIFLS, receive
// timeout after 32 bit periods, overrun). Modem-status and line-error
// interrupts never fire (there is no modem and no line noise). DMA requests and
// IrDA are not modelled (UARTDMACR and UARTILPR only store values).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <iosfwd>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "pscisim/irq.h"
#include "pscisim/regs.h"

namespace pscisim
{

class pl011 : public sc_core::sc_module
{
  public:
    tlm_utils::simple_target_socket<pl011> in;
    irq_line irq; // UARTINTR: OR of the masked interrupt status (UARTMIS != 0)

    static constexpr uint64_t DEFAULT_UARTCLK_HZ = 24000000; // as QEMU virt's apb-pclk
    static constexpr unsigned FIFO_DEPTH = 32;

    // Register offsets (TRM table 3-1).
    enum offsets : uint64_t {
        DR = 0x000,
        RSR_ECR = 0x004,
        FR = 0x018,
        ILPR = 0x020,
        IBRD = 0x024,
        FBRD = 0x028,
        LCR_H = 0x02c,
        CR = 0x030,
        IFLS = 0x034,
        IMSC = 0x038,
        RIS = 0x03c,
        MIS = 0x040,
        ICR = 0x044,
        DMACR = 0x048,
        PERIPHID0 = 0xfe0,
        CELLID0 = 0xff0,
    };
    enum fr_bits : uint32_t {
        FR_CTS = 1u << 0,
        FR_DSR = 1u << 1,
        FR_DCD = 1u << 2,
        FR_BUSY = 1u << 3,
        FR_RXFE = 1u << 4,
        FR_TXFF = 1u << 5,
        FR_RXFF = 1u << 6,
        FR_TXFE = 1u << 7,
        FR_RI = 1u << 8,
    };
    enum lcr_h_bits : uint32_t {
        LCR_H_BRK = 1u << 0,
        LCR_H_PEN = 1u << 1,
        LCR_H_EPS = 1u << 2,
        LCR_H_STP2 = 1u << 3,
        LCR_H_FEN = 1u << 4,
        LCR_H_WLEN_SHIFT = 5,
        LCR_H_SPS = 1u << 7,
    };
    enum cr_bits : uint32_t {
        CR_UARTEN = 1u << 0,
        CR_LBE = 1u << 7,
        CR_TXE = 1u << 8,
        CR_RXE = 1u << 9,
    };
    // Interrupt bits, shared by IMSC/RIS/MIS/ICR.
    enum int_bits : uint32_t {
        INT_RI = 1u << 0,
        INT_CTS = 1u << 1,
        INT_DCD = 1u << 2,
        INT_DSR = 1u << 3,
        INT_RX = 1u << 4,
        INT_TX = 1u << 5,
        INT_RT = 1u << 6,
        INT_FE = 1u << 7,
        INT_PE = 1u << 8,
        INT_BE = 1u << 9,
        INT_OE = 1u << 10,
        INT_ALL = 0x7ff,
    };

    explicit pl011(sc_core::sc_module_name name, uint64_t uartclk_hz = DEFAULT_UARTCLK_HZ);

    // Where transmitted characters go (the platform: stdout). Unset: discarded.
    void set_output(std::function<void(uint8_t)> sink) { sink_ = std::move(sink); }
    void set_output(std::ostream &os);

    // A character arrives on UARTRXD (from the host console). Dropped (and
    // counted) while UARTEN or RXE is clear; sets overrun when the FIFO is full.
    void receive(uint8_t ch);

    // A host-side sender on UARTRXD: every `interval` of simulated time it offers one
    // character from `next` (a byte 0..255; input_none: nothing yet, ask again next
    // interval; input_eof: the sender is done). It obeys hardware flow control
    // (nUARTRTS): while the receiver is disabled (UARTEN or RXE clear) or the receive
    // FIFO is full it holds the character, so nothing is lost while the guest boots.
    // Deterministic when `next` is (a file); the platform's interactive stdin is not.
    static constexpr int input_none = -1, input_eof = -2;
    void set_input(std::function<int()> next, const sc_core::sc_time &interval);
    uint64_t rx_count() const { return rx_count_; }

    // Register access latency annotated on b_transport.
    void set_latency(const sc_core::sc_time &t) { latency_ = t; }

    // Time to send one character with the current line settings (zero while the
    // divisor is unprogrammed).
    sc_core::sc_time char_time() const;

    // Send every character still queued for transmission to the sink now (the
    // simulation is ending: SYSTEM_OFF with a console line still in the FIFO).
    void flush();

    // Leave the UART as boot firmware (U-Boot, UEFI) hands it to an operating system:
    // 8 data bits, no parity, 1 stop bit, FIFOs on, UARTEN/TXE/RXE set, the divisor for
    // `baud` (IBRD + FBRD/64 = UARTCLK / (16 x baud), rounded to the nearest 64th), written
    // through the registers as firmware would. Linux's amba-pl011 console keeps the rate
    // it finds when UARTEN is set (pl011_console_get_options); on a disabled UART it
    // falls back to 38400 baud.
    void firmware_setup(uint32_t baud);

    void reset();
    void trace(sc_core::sc_trace_file *tf) const override;

    uint64_t tx_count() const { return tx_count_; }
    uint64_t tx_dropped() const { return tx_dropped_; }
    uint64_t rx_dropped() const { return rx_dropped_; }

  private:
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    unsigned int transport_dbg(tlm::tlm_generic_payload &gp);
    void process(); // SC_METHOD on ev_: TX progress, RX timeout
    void schedule_next();
    void update_irq();
    unsigned tx_fifo_level(const sc_core::sc_time &t) const; // entries not yet started
    bool tx_busy(const sc_core::sc_time &t) const;
    unsigned tx_trigger() const;
    unsigned rx_trigger() const;
    unsigned depth() const;
    void write_dr(uint8_t ch);
    uint32_t read_dr();
    sc_core::sc_time bit_time() const;
    void emit(uint8_t ch);
    void feed(); // SC_METHOD on feed_ev_: the host sender's next character

    reg_bank bank_;
    reg r_dr_, r_rsr_, r_fr_, r_ilpr_, r_ibrd_, r_fbrd_, r_lcr_h_, r_cr_, r_ifls_, r_imsc_, r_ris_,
        r_mis_, r_icr_, r_dmacr_, r_periphid_, r_cellid_;

    struct tx_entry {
        uint8_t ch;
        sc_core::sc_time start, done;
        bool started; // has left the FIFO for the shift register (for TXRIS)
    };
    std::deque<tx_entry> tx_;
    std::deque<uint8_t> rx_;
    uint32_t ris_ = 0;
    uint32_t rsr_ = 0;
    uint32_t latched_ibrd_ = 0, latched_fbrd_ = 0;
    sc_core::sc_time access_time_; // sc_time_stamp() + delay of the current access
    sc_core::sc_time last_rx_;
    bool rt_armed_ = false;
    sc_core::sc_time rt_deadline_;
    uint64_t uartclk_;
    sc_core::sc_time latency_;
    sc_core::sc_event ev_;
    std::function<void(uint8_t)> sink_;
    std::function<int()> input_;
    sc_core::sc_time input_interval_;
    sc_core::sc_event feed_ev_;
    int held_ = input_none; // a character the sender holds back (flow control)
    uint64_t tx_count_ = 0, tx_dropped_ = 0, rx_dropped_ = 0, rx_count_ = 0;
};

} // namespace pscisim
