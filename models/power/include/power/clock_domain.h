// Clock domain: one frequency shared by the cores of a cluster.
//
// Cycle <-> time conversion is exact integer arithmetic in picoseconds, so a
// 650 MHz cluster does not drift (1 cycle = 1538.46... ps): a span of n cycles
// lasts floor(n * 1e12 / f) ps. The SystemC time resolution must be 1 ps
// (pscisim::require_ps_resolution() checks it).
#pragma once

#include <cstdint>
#include <string>

#include <systemc>

namespace pscisim
{

// Throws std::logic_error unless the SystemC time resolution is 1 ps.
void require_ps_resolution();

// sc_time from a whole number of picoseconds, and back.
sc_core::sc_time ps_to_time(uint64_t ps);
uint64_t time_to_ps(const sc_core::sc_time &t);

class clock_domain
{
  public:
    // frequency_hz must be in (0, 1e12]: a zero frequency is expressed by
    // gating (clock_enable), not by the domain.
    clock_domain(std::string name, uint64_t frequency_hz);

    const std::string &name() const { return name_; }
    uint64_t frequency_hz() const { return hz_; }
    // Duration of n cycles, rounded down to a whole picosecond.
    sc_core::sc_time cycles_to_time(uint64_t n) const;
    // Smallest number of whole cycles that lasts at least t.
    uint64_t time_to_cycles_ceil(const sc_core::sc_time &t) const;
    // Largest number of whole cycles that fits in t.
    uint64_t time_to_cycles_floor(const sc_core::sc_time &t) const;

  private:
    static constexpr uint64_t PS_PER_SEC = 1000000000000ull;
    std::string name_;
    uint64_t hz_;
    uint64_t ps_num_ = 1, ps_den_ = 1; // 10^12 / hz_ in lowest terms
    uint64_t ps_per_cycle_ = 0;        // ps_num_ when ps_den_ is 1, else 0
};

} // namespace pscisim
