// The timeline picture of a run (pscisim --timeline FILE.svg): one row per power domain
// coloured by power mode, a clock bar under each core, PSCI call markers, a time axis
// with units, a legend. Consumes a plain description of the run, so any producer (the
// run_recorder today) can draw one; no SystemC, no recorder here.
//
// The picture is 1000 pixel columns wide whatever the run's length: each column shows
// the mode that covers most of it, and the calls of one core that fall in one column
// share one marker (its tooltip lists them), so the file size is bounded by rows x
// columns, not by the number of transitions or calls. The SVG has a viewBox, so a
// browser zooms it as vectors; zoom into the VCD for cycle detail.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace pscisim
{

// Power modes in the VCD/report encoding (recorder.hpp power_mode):
// 0 on, 1 retention, 2 off, 3 powering_down, 4 powering_up.
constexpr unsigned timeline_num_modes = 5;

struct timeline_row {
    std::string name; // "system", "cluster0", "cluster0.core1"
    bool is_core = false;
    uint64_t mpidr = 0; // cores: PSCI calls made with this MPIDR get markers on this row
    // Step functions over [0, end_ns): (time, value) at every change, in time order.
    std::vector<std::pair<uint64_t, uint8_t>> modes;
    std::vector<std::pair<uint64_t, bool>> clock; // cores only
};

struct timeline_call {
    uint64_t time_ns = 0;
    uint64_t mpidr = 0;   // caller
    std::string function; // "CPU_SUSPEND64"
    int64_t result = 0;   // x0 as logged (negative: a PSCI error code, see is_error)
    std::optional<uint64_t> entry_latency_ns, exit_latency_ns;
    // A producer with bounded memory may summarise: `count` calls of `function` with
    // the same kind of result, the first at time_ns (its result and latencies above),
    // the last at last_time_ns.
    uint64_t count = 1;
    uint64_t last_time_ns = 0; // with count > 1
};

struct timeline_data {
    std::string title; // the guest, shown in the heading
    uint64_t end_ns = 0;
    std::vector<timeline_row> rows;
    std::vector<timeline_call> calls; // any order
};

void write_timeline_svg(std::ostream &out, const timeline_data &data);

// "10us", "1.5ms": the largest unit that keeps the value >= 1 (ns, us, ms, s).
std::string timeline_time_label(double ns);

} // namespace pscisim
