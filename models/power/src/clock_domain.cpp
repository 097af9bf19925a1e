#include "power/clock_domain.h"

#include <limits>
#include <numeric>
#include <stdexcept>

namespace pscisim
{

using sc_core::sc_time;

void require_ps_resolution()
{
    if (sc_core::sc_get_time_resolution() != sc_time(1, sc_core::SC_PS))
        throw std::logic_error("pscisim models need a SystemC time resolution of 1 ps");
}

sc_time ps_to_time(uint64_t ps)
{
    return sc_time::from_value(ps);
}

uint64_t time_to_ps(const sc_time &t)
{
    return t.value();
}

clock_domain::clock_domain(std::string name, uint64_t frequency_hz)
    : name_(std::move(name)), hz_(frequency_hz)
{
    if (hz_ == 0 || hz_ > 1000000000000ull)
        throw std::invalid_argument("clock domain " + name_ +
                                    ": frequency must be between 1 Hz and 1 THz");
    // The conversions run on every MMIO access and quantum of every core: with the
    // ratio 10^12/hz reduced to lowest terms, they need no 128-bit division as long
    // as the product fits in 64 bits (always, for realistic times and clocks).
    uint64_t g = std::gcd(PS_PER_SEC, hz_);
    ps_num_ = PS_PER_SEC / g;
    ps_den_ = hz_ / g;
    // A whole number of picoseconds per cycle (1 GHz: 1000) needs no division at
    // all; the compiler does not drop a division by a variable that happens to be 1.
    ps_per_cycle_ = ps_den_ == 1 ? ps_num_ : 0;
}

sc_time clock_domain::cycles_to_time(uint64_t n) const
{
    if (n <= std::numeric_limits<uint64_t>::max() / ps_num_)
        return ps_to_time(ps_per_cycle_ ? n * ps_per_cycle_ : n * ps_num_ / ps_den_);
    unsigned __int128 ps = (unsigned __int128)n * 1000000000000ull / hz_;
    return ps_to_time((uint64_t)ps);
}

uint64_t clock_domain::time_to_cycles_ceil(const sc_time &t) const
{
    uint64_t ps = time_to_ps(t);
    if (ps <= std::numeric_limits<uint64_t>::max() / ps_den_) {
        uint64_t num = ps * ps_den_;
        return num / ps_num_ + (num % ps_num_ != 0);
    }
    unsigned __int128 num = (unsigned __int128)time_to_ps(t) * hz_;
    return (uint64_t)((num + 999999999999ull) / 1000000000000ull);
}

uint64_t clock_domain::time_to_cycles_floor(const sc_time &t) const
{
    uint64_t ps = time_to_ps(t);
    if (ps <= std::numeric_limits<uint64_t>::max() / ps_den_) return ps * ps_den_ / ps_num_;
    unsigned __int128 num = (unsigned __int128)time_to_ps(t) * hz_;
    return (uint64_t)(num / 1000000000000ull);
}

} // namespace pscisim
