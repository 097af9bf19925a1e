// The system counter as a function of simulated time, the same function the
// generic timer model uses for CNTPCT (models/timer): count = floor(t * f), so a
// memory-mapped view of the counter (CNTControlBase.CNTCV, CNTBaseN.CNTPCT) and
// every core's CNTPCT_EL0 read the same value at the same time.
#pragma once

#include <cstdint>

#include <systemc>

namespace pscisim
{

inline uint64_t counter_at(const sc_core::sc_time &t, uint64_t hz)
{
    const uint64_t per_sec = sc_core::sc_time(1, sc_core::SC_SEC).value();
    return uint64_t((unsigned __int128)t.value() * hz / per_sec);
}

// The first simulated time at which the counter is >= count.
inline sc_core::sc_time time_of_counter(uint64_t count, uint64_t hz)
{
    const uint64_t per_sec = sc_core::sc_time(1, sc_core::SC_SEC).value();
    unsigned __int128 units = ((unsigned __int128)count * per_sec + hz - 1) / hz;
    if (units > ~uint64_t(0)) return sc_core::sc_max_time();
    return sc_core::sc_time::from_value(uint64_t(units));
}

} // namespace pscisim
