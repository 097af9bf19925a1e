// What a run produces, recorded as it happens and turned into the JSON report, the VCD
// waveform and the end-of-run summary. Fed by the platform (PSCI controller, power
// models, main); no SystemC here. All times are simulated nanoseconds, except the
// "host" fields, which are kept apart so determinism checks can drop them.
#pragma once

#include "config/config.hpp"
#include "report/vcd_writer.hpp"

#include <array>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace pscisim
{

// Power mode of a domain as seen on the waveform and in residency tables.
// Values are the VCD encoding (documented in docs/user-guide.md).
enum class power_mode : unsigned {
    on = 0,
    retention = 1,
    off = 2,
    powering_down = 3, // power switch ramping down / cache clean in progress
    powering_up = 4,   // power switch ramping up / warm boot in progress
};
constexpr unsigned num_power_modes = 5;
const char *to_string(power_mode m);

struct psci_call_record {
    uint64_t time_ns = 0; // when the call reached the PSCI controller
    uint64_t mpidr = 0;   // caller
    uint32_t function_id = 0;
    std::array<uint64_t, 3> args{}; // x1..x3
    int64_t result = 0;             // x0 returned (sign-extended); for calls that do not return,
                                    // what the controller decided (0 if accepted)
    // Emulated PSCI: entry = from the call to the requested low-power state being
    // reached; exit = from the wake-up event (or CPU_ON) to the core executing again.
    // Firmware mode (`points` set, report/fw_calls.hpp): entry = powerdown latency
    // (psci_entry to lowpower_entry), exit = wakeup latency (lowpower_exit to psci_exit).
    std::optional<uint64_t> entry_latency_ns, exit_latency_ns;
    // Firmware mode: the four points of TF-A's runtime instrumentation, measured
    // outside the firmware (simulated ns).
    struct fw_points {
        uint64_t psci_entry_ns = 0;
        std::optional<uint64_t> lowpower_entry_ns, lowpower_exit_ns, psci_exit_ns;
    };
    std::optional<fw_points> points;
};

struct exit_info {
    std::string reason; // system_off, semihosting_exit, guest_fatal, max_time, system_reset
    int status = 0;     // process exit status
    std::string message;
};

// "CPU_SUSPEND" etc. (DEN 0022 §5.1; SMCCC_VERSION/SMCCC_ARCH_FEATURES from DEN 0028);
// "UNKNOWN" otherwise. The SMC64 form (bit 30 of the function ID) gets "64" appended
// ("CPU_SUSPEND64"; "_64" after a digit: "SYSTEM_RESET2_64").
std::string psci_function_name(uint32_t function_id);

// Time spent in each of up to 5 values of a step function over [0, end), kept in at
// most max_buckets buckets whose width doubles (merging neighbours exactly) as time
// grows: memory is bounded however many transitions a run has, and a picture of
// `cols` columns (cols <= max_buckets / 2) loses nothing visible.
class occupancy_track
{
  public:
    static constexpr size_t max_buckets = 2048;
    void add(uint64_t from_ns, uint64_t to_ns, unsigned value);
    // Per column of [0, end_ns), the value that covers most of it.
    std::vector<unsigned> columns(uint64_t end_ns, unsigned cols) const;
    size_t buckets() const { return buckets_.size(); }
    uint64_t bucket_width_ns() const { return width_; }
    // The track as a step function over [0, end_ns) for the timeline picture: each
    // bucket's time per value laid out in turn (exact where a bucket holds one value).
    std::vector<std::pair<uint64_t, uint8_t>> steps(uint64_t end_ns) const;

  private:
    uint64_t width_ = 1;
    std::vector<std::array<uint64_t, num_power_modes>> buckets_;
};

// The PSCI calls of one caller for the timeline's markers, bounded like
// occupancy_track: at most max_buckets time buckets (width doubling as time grows),
// each holding one summary per function and error code (count, first call, time of the
// last), so a run of millions of calls keeps a few thousand entries.
class call_marker_track
{
  public:
    static constexpr size_t max_buckets = occupancy_track::max_buckets;
    void add(const psci_call_record &c);
    // fn(first call, count, time of the last call) per summary, in bucket order.
    template <typename F> void for_each(F &&fn) const
    {
        for (const auto &b : buckets_)
            for (const auto &e : b)
                fn(e.first, e.count, e.last_ns);
    }
    size_t buckets() const { return buckets_.size(); }

  private:
    struct entry {
        psci_call_record first;
        uint64_t count = 0, last_ns = 0;
    };
    static bool same_kind(const psci_call_record &a, const psci_call_record &b);
    static void merge_into(std::vector<entry> &to, const entry &e);
    uint64_t width_ = 1;
    std::vector<std::vector<entry>> buckets_;
};

class run_recorder
{
  public:
    // All domains start OFF with clocks disabled at time 0; the platform sets the boot
    // state (e.g. system, cluster0, core0 ON) with calls at time 0.
    // If cfg.timeline_path is set, the recorder opens it now (usage_error if it cannot),
    // keeps the history and writes the SVG timeline there in finish().
    run_recorder(const sim_config &cfg, std::string elf_name);
    ~run_recorder();

    // Starts the waveform; must be called before the first event. `out` must outlive
    // the recorder (or finish()).
    void enable_vcd(std::ostream &out);
    // Keeps the history of power modes and clock enables for write_svg_timeline();
    // must be called before the first event (costs memory per transition).
    void enable_timeline();

    // Events, in non-decreasing time order (std::logic_error otherwise).
    // For level system, cluster and core are ignored; for cluster, core is ignored.
    void set_power_mode(uint64_t time_ns, power_level level, unsigned cluster, unsigned core,
                        power_mode mode);
    void set_clock_enable(uint64_t time_ns, unsigned cluster, unsigned core, bool enabled);

    // PSCI calls may be added in any order and completed later (a suspend's latencies
    // are known only at wake-up); reports list them sorted by time, then by caller.
    // They are kept in memory: for tests and short runs (see stream_report).
    size_t add_psci_call(const psci_call_record &rec);
    psci_call_record &psci_call(size_t index);

    // Streaming report: writes the start of the JSON report to `out` now, then each
    // call passed to log_psci_call() as it comes (final records, in non-decreasing time
    // order; calls at one time are sorted by MPIDR), and the rest at finish(); the
    // memory used does not grow with the number of calls. `out` must outlive finish().
    // The file is byte-identical to write_json_report() for the same calls, with
    // `extra` sections (e.g. psci_stats) given to finish_report_stream().
    void stream_report(std::ostream &out);
    void log_psci_call(const psci_call_record &rec);
    // Completes the streamed report (after finish()).
    void finish_report_stream(const nlohmann::ordered_json &extra);
    // Counts a final call in the summary's statistics without keeping or writing it
    // (a run without --report).
    void count_psci_call(const psci_call_record &rec);
    // Exact number of PSCI calls seen (kept in memory + streamed + counted).
    uint64_t psci_call_total() const;

    void set_instructions(unsigned cluster, unsigned core, uint64_t count);
    void note_system_reset(uint64_t time_ns);

    // Ends the run: closes residency intervals at end_ns and the waveform.
    void finish(uint64_t end_ns, const exit_info &exit, double host_seconds);

    // Reports (after finish()).
    nlohmann::ordered_json json_report() const;
    void write_json_report(std::ostream &out) const; // 2-space indent, trailing newline
    std::string summary_text() const;                // one screen, for stderr
    // Timeline picture (SVG): one row per domain coloured by power mode, a thin bar
    // under each core while its clock runs, a time axis. Needs enable_timeline().
    void write_svg_timeline(std::ostream &out) const;

    // Read access, for tests and the platform.
    struct domain_stats {
        std::string name; // "system", "cluster0", "cluster0.core1"
        power_level level;
        unsigned cluster = 0, core = 0;
        power_mode mode = power_mode::off;
        uint64_t since_ns = 0;
        std::array<uint64_t, num_power_modes> residency_ns{};
        std::array<uint64_t, num_power_modes> entries{};
        domain_power power;
        // cores only
        bool clock = false;
        uint64_t clock_since_ns = 0, clock_enabled_ns = 0;
        uint64_t instructions = 0;
        int vcd_mode = -1, vcd_clock = -1;
        // With enable_timeline(): time per mode and per clock state, bounded.
        occupancy_track mode_track, clock_track;
        double energy_mj() const;
    };
    const std::vector<domain_stats> &domains() const { return domains_; }
    const domain_stats &domain(power_level level, unsigned cluster = 0, unsigned core = 0) const;
    const std::vector<psci_call_record> &psci_calls() const { return calls_; }
    uint64_t end_ns() const { return end_ns_; }
    // After finish(): false if the timeline file could not be written completely.
    bool timeline_written() const { return timeline_ok_; }

  private:
    domain_stats &find(power_level level, unsigned cluster, unsigned core);
    void advance(uint64_t time_ns);
    std::vector<psci_call_record> sorted_calls() const;
    nlohmann::ordered_json report_head() const;
    nlohmann::ordered_json report_tail() const;
    void stream_flush_ties();
    struct call_aggregates;
    void aggregate(call_aggregates &a, const psci_call_record &c) const;
    call_aggregates all_aggregates() const;

    sim_config cfg_;
    std::string elf_name_;
    std::vector<domain_stats> domains_;
    std::vector<size_t> cluster_index_; // index of cluster c's domain
    std::vector<psci_call_record> calls_;
    // With enable_timeline(): markers of the calls streamed or counted, per caller.
    std::map<uint64_t, call_marker_track> call_marks_;
    // Streaming: the report stream, calls at the current time (sorted by MPIDR when
    // time moves on), how many were written, and their running aggregates.
    std::ostream *stream_ = nullptr;
    std::vector<psci_call_record> ties_;
    uint64_t streamed_ = 0;
    std::unique_ptr<call_aggregates> streamed_agg_;
    std::unique_ptr<vcd_writer> vcd_;
    uint64_t now_ = 0, end_ns_ = 0;
    unsigned resets_ = 0;
    bool finished_ = false;
    bool timeline_ = false;
    std::unique_ptr<std::ofstream> timeline_file_;
    bool timeline_ok_ = true;
    exit_info exit_;
    double host_seconds_ = 0;
};

// Progress line on stderr: "[pscisim] sim 12.345 ms  (3.21 ms/s host)", overwritten
// with '\r', at most every 0.5 s of host time. Enabled only for a terminal and when not
// quiet. Host time is used for pacing only; it never reaches simulated behaviour.
class progress_line
{
  public:
    using clock_fn = double (*)(); // host seconds, monotonic
    progress_line(std::ostream &out, bool enabled, clock_fn now = nullptr);
    // True when a line was printed.
    bool update(uint64_t sim_ns);
    // Clears the line (if anything was printed).
    void finish();
    static bool stderr_is_terminal();

  private:
    std::ostream &out_;
    bool enabled_;
    clock_fn now_;
    double start_, last_ = -1;
    size_t width_ = 0;
};

} // namespace pscisim
