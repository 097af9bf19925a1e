// Test harness for the SystemC models.
//
// SystemC elaborates once per process, so every TEST runs in a process of its
// own: under ctest each test is registered separately (gtest_discover_tests runs
// the binary with one --gtest_filter), and when the binary is run by hand with
// several tests selected, main() forks one child per test (see harness.cpp).
//
// SystemC reports of severity SC_ERROR/SC_FATAL become test failures unless a
// test announces them with EXPECT_SC_ERROR.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace pscisim::test
{

// Number of SC_ERROR reports the running test expects next; the harness's report
// handler decrements it instead of failing, and remembers the last message.
extern int expected_sc_errors;
extern std::string last_sc_error;

// Runs `stmt`, which must raise an SC_ERROR whose message contains `substr`.
#define EXPECT_SC_ERROR(stmt, substr)                                                              \
    do {                                                                                           \
        ::pscisim::test::expected_sc_errors = 1;                                                   \
        ::pscisim::test::last_sc_error.clear();                                                    \
        try {                                                                                      \
            stmt;                                                                                  \
        } catch (const ::sc_core::sc_report &) {                                                   \
        }                                                                                          \
        EXPECT_EQ(::pscisim::test::expected_sc_errors, 0) << "no SC_ERROR from " #stmt;            \
        EXPECT_NE(::pscisim::test::last_sc_error.find(substr), std::string::npos)                  \
            << ::pscisim::test::last_sc_error;                                                     \
        ::pscisim::test::expected_sc_errors = 0;                                                   \
    } while (0)

// End elaboration (multi-sockets resolve their bindings then) without advancing time.
inline void elaborate()
{
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
}
// Advance simulated time to exactly `t` (absolute) and run what is due at t.
void run_until(const sc_core::sc_time &t);
inline sc_core::sc_time ns(double v)
{
    return sc_core::sc_time(v, sc_core::SC_NS);
}
inline sc_core::sc_time us(double v)
{
    return sc_core::sc_time(v, sc_core::SC_US);
}

// A TLM initiator driven from the test body (outside any process: the models
// never call wait(), as loosely-timed targets must not).
class initiator : public sc_core::sc_module, public tlm::tlm_bw_transport_if<>
{
  public:
    tlm::tlm_initiator_socket<> out;
    sc_core::sc_time delay;   // delay annotated by the last b_transport
    sc_core::sc_time local;   // local time offset passed into b_transport
    bool dmi_allowed = false; // DMI hint of the last b_transport
    std::vector<std::pair<uint64_t, uint64_t>> invalidations;

    explicit initiator(sc_core::sc_module_name n) : sc_module(n), out("out") { out.bind(*this); }

    tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, void *data, unsigned len,
                                    const uint8_t *be = nullptr, unsigned be_len = 0)
    {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(static_cast<unsigned char *>(data));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_byte_enable_ptr(const_cast<uint8_t *>(be));
        gp.set_byte_enable_length(be_len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time d = local;
        out->b_transport(gp, d);
        delay = d - local;
        dmi_allowed = gp.is_dmi_allowed();
        return gp.get_response_status();
    }
    uint64_t read(uint64_t addr, unsigned len, tlm::tlm_response_status *st = nullptr)
    {
        uint64_t v = 0;
        auto s = access(tlm::TLM_READ_COMMAND, addr, &v, len);
        if (st)
            *st = s;
        else
            EXPECT_EQ(s, tlm::TLM_OK_RESPONSE) << "read of 0x" << std::hex << addr;
        return v;
    }
    tlm::tlm_response_status write(uint64_t addr, uint64_t v, unsigned len)
    {
        return access(tlm::TLM_WRITE_COMMAND, addr, &v, len);
    }
    uint32_t read32(uint64_t addr) { return uint32_t(read(addr, 4)); }
    void write32(uint64_t addr, uint32_t v)
    {
        EXPECT_EQ(write(addr, v, 4), tlm::TLM_OK_RESPONSE) << "write of 0x" << std::hex << addr;
    }
    unsigned dbg(tlm::tlm_command cmd, uint64_t addr, void *data, unsigned len,
                 tlm::tlm_response_status *st = nullptr)
    {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(static_cast<unsigned char *>(data));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        unsigned n = out->transport_dbg(gp);
        if (st) *st = gp.get_response_status();
        return n;
    }
    bool dmi(uint64_t addr, tlm::tlm_dmi &d, tlm::tlm_command cmd = tlm::TLM_READ_COMMAND)
    {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(addr);
        d.init();
        return out->get_direct_mem_ptr(gp, d);
    }

    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload &, tlm::tlm_phase &,
                                       sc_core::sc_time &) override
    {
        ADD_FAILURE() << "nb_transport_bw on a loosely-timed initiator";
        return tlm::TLM_COMPLETED;
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) override
    {
        invalidations.emplace_back(start, end);
    }
};

} // namespace pscisim::test
