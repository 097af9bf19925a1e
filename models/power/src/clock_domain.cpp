#include "power/clock_domain.h"

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
}

sc_time clock_domain::cycles_to_time(uint64_t n) const
{
    unsigned __int128 ps = (unsigned __int128)n * 1000000000000ull / hz_;
    return ps_to_time((uint64_t)ps);
}

uint64_t clock_domain::time_to_cycles_ceil(const sc_time &t) const
{
    unsigned __int128 num = (unsigned __int128)time_to_ps(t) * hz_;
    return (uint64_t)((num + 999999999999ull) / 1000000000000ull);
}

uint64_t clock_domain::time_to_cycles_floor(const sc_time &t) const
{
    unsigned __int128 num = (unsigned __int128)time_to_ps(t) * hz_;
    return (uint64_t)(num / 1000000000000ull);
}

} // namespace pscisim
