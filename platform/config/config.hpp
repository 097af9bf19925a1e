// The simulator's configuration: what the system builder consumes.
//
// Layers, lowest first: built-in defaults, the latency preset (fvp or juno), the JSON
// configuration file (--config), the command line. resolve_config() applies them in that
// order and validates the result; every field of sim_config is filled afterwards.
// Every error is a usage_error naming the field and the offending value.
#pragma once

#include "config/errors.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pscisim
{

// The guest-visible memory map is the machine table's (platform/machine).

// Limits checked by validation.
constexpr unsigned max_clusters = 16;
constexpr unsigned max_cores_per_cluster = 16; // Aff0 fits one GICv3 target list (16 bits)
constexpr unsigned max_total_cores = 64;
constexpr uint64_t min_ram_size = 1ull << 20;
constexpr uint64_t max_ram_size = 4ull << 30;
constexpr uint64_t max_config_file_size = 16ull << 20;
constexpr unsigned max_config_depth = 16;
// CNTFRQ_EL0 is a 32-bit register (Arm DDI 0487, D23.8 "CNTFRQ_EL0").
constexpr uint64_t max_timer_frequency_hz = 0xFFFFFFFFull;
constexpr uint64_t max_cluster_frequency_hz = 10000000000ull;
// Simulated time is kept in picoseconds in 64 bits (SystemC sc_time at a 1 ps
// resolution): 2^64 ps is about 213 days. Runs stop cleanly at max_sim_time_ns
// ("simulated time limit reached"); --max-time may not exceed it.
constexpr uint64_t max_sim_time_ns = 18000000000000000ull; // 18,000,000 s (208 days)
// Any single firmware cost (dispatch, cache clean, warm boot, ramps) and any idle
// state latency must stay below this, so that sums of a few of them cannot wrap.
constexpr uint64_t max_single_cost_ns = 1000000000000000ull; // 1,000,000 s

enum class conduit_kind { smc, hvc };
enum class power_state_format { original, extended };

// Power levels and local power states as in Arm DEN 0022 (PSCI) §4.2.3 / the StateID
// encoding of ARCHITECTURE.md: 0 run, 1 retention (standby), 2 off (power-down).
enum class power_level : unsigned { core = 0, cluster = 1, system = 2 };
enum class local_state : unsigned { run = 0, retention = 1, off = 2 };
constexpr unsigned num_levels = 3;

struct psci_version_t {
    unsigned major = 1, minor = 1;
    uint32_t encoded() const { return (major << 16) | minor; }
    std::string str() const { return std::to_string(major) + "." + std::to_string(minor); }
};

// Linux idle-states vocabulary (Documentation/devicetree/bindings/cpu/idle-states.yaml):
// entry spans PREP+ENTRY, min_residency spans PREP..end of IDLE.
struct state_latency {
    uint64_t entry_ns = 0;
    uint64_t exit_ns = 0;
    uint64_t min_residency_ns = 0;
};

// Latency per (level, state). A state that is absent (nullopt) is not offered to the guest
// (no idle-state node; the PSCI controller should reject it). Level system offers only off.
struct latency_table {
    std::array<std::array<std::optional<state_latency>, 3>, num_levels> v{};
    const std::optional<state_latency> &at(power_level l, local_state s) const
    {
        return v[static_cast<unsigned>(l)][static_cast<unsigned>(s)];
    }
    std::optional<state_latency> &at(power_level l, local_state s)
    {
        return v[static_cast<unsigned>(l)][static_cast<unsigned>(s)];
    }
};

// Costs of the emulated firmware's own work (ARCHITECTURE.md "Time and timing").
struct firmware_costs {
    uint64_t dispatch_cycles = 0;            // SMC/HVC entry to handler and back
    uint64_t cache_clean_cycles_per_kib = 0; // clean+invalidate before power-down
    uint64_t power_up_ramp_ns = 0;           // power switch on
    uint64_t power_down_ramp_ns = 0;         // power switch off
    uint64_t warm_boot_cycles = 0;           // warm reset vector to the entry point
};

// Power draw of one domain in each state, milliwatts. Transitional states (ramping)
// are charged at the "on" power.
struct domain_power {
    double on_mw = 0, retention_mw = 0, off_mw = 0;
    double in(local_state s) const
    {
        return s == local_state::run ? on_mw : s == local_state::retention ? retention_mw : off_mw;
    }
};

struct cluster_config {
    std::string name;          // default "cluster<N>"
    unsigned cores = 0;        // 1..max_cores_per_cluster
    uint64_t frequency_hz = 0; // clock of every core in the cluster
    std::string cpu;           // DT compatible, e.g. "arm,cortex-a53"
    uint32_t l1d_kib = 0;      // per core, cleaned on core power-down
    uint32_t l2_kib = 0;       // per cluster, cleaned on cluster power-down
    domain_power core_power;   // each core of this cluster
    domain_power cluster_power;
};

struct sim_config {
    // Platform
    std::string preset; // "fvp" or "juno"
    std::vector<cluster_config> clusters;
    uint64_t ram_size = 0;
    uint64_t timer_frequency_hz = 0;
    uint64_t quantum_ns = 0;
    // Firmware interface
    conduit_kind conduit = conduit_kind::smc;
    psci_version_t psci_version;
    power_state_format state_format = power_state_format::original;
    bool osi = false;
    unsigned boot_el = 2; // 3: firmware mode (the guest's EL3, no built-in PSCI)
    latency_table latencies;
    firmware_costs firmware;
    domain_power system_power;
    // Machine and reset address (command line only; not echoed in reports)
    std::string machine = "virt";  // a name machine_names() lists
    std::optional<uint64_t> entry; // --entry: reset address (RVBAR); default the ELF entry
    struct raw_image {
        std::string path;
        uint64_t addr;
    };
    std::vector<raw_image> raw_images; // --load FILE@ADDR: raw binaries (firmware) in memory
    // Run control and outputs (not part of the platform; not echoed in reports)
    std::string elf_path;
    // Linux boot (platform/loader/linux_loader.hpp): --kernel (elf_path holds the file),
    // --initrd, --append, --dtb.
    bool kernel_given = false;
    std::string initrd_path, bootargs, dtb_in_path;
    // --uart-input FILE or "-" (stdin, interactive); --rtc-epoch (PL031 at time 0).
    std::string uart_input;
    // --uart-file NAME=PATH: that UART's output goes to PATH instead of the console.
    struct uart_file {
        std::string name, path;
    };
    std::vector<uart_file> uart_files;
    uint32_t rtc_epoch = 1767225600; // 2026-01-01T00:00:00Z
    std::optional<uint64_t> max_time_ns;
    bool reset_exits = false;
    // --on-guest-fatal hang: a core that meets a guest fatal error (an exception loop)
    // hangs, as hardware would, and the rest of the machine runs on; default: the run
    // ends (exit 1).
    bool hang_on_guest_fatal = false;
    bool quiet = false;
    std::string report_path, vcd_path, dtb_out_path;
    std::string timeline_path; // SVG; the run_recorder writes it by itself (see recorder.hpp)

    unsigned total_cores() const;
    // MPIDR_EL1 of core `core` of cluster `cluster`: bit 31 RES1, Aff1 cluster, Aff0 core.
    static uint64_t mpidr(unsigned cluster, unsigned core)
    {
        return 0x80000000ull | (static_cast<uint64_t>(cluster) << 8) | core;
    }
};

// Everything the user may set; unset fields keep the lower layer's value.
struct config_overrides {
    // How each flag was typed, by long name ("ram-size" -> "-m"); flags not listed are
    // named "--<long name>" in messages.
    std::map<std::string, std::string> typed_flags;
    std::string flag(const std::string &long_name) const
    {
        auto it = typed_flags.find(long_name);
        return it == typed_flags.end() ? "--" + long_name : it->second;
    }
    std::optional<std::string> preset;
    std::optional<std::vector<unsigned>> topology;        // cores per cluster
    std::optional<std::vector<uint64_t>> cluster_freq_hz; // one value (all) or one per cluster
    std::optional<uint64_t> ram_size, timer_frequency_hz, quantum_ns, max_time_ns;
    std::optional<conduit_kind> conduit;
    std::optional<psci_version_t> psci_version;
    std::optional<power_state_format> state_format;
    std::optional<bool> osi, reset_exits, quiet, hang_on_guest_fatal;
    std::optional<unsigned> boot_el;
    std::optional<std::string> machine;
    std::optional<uint64_t> entry;
};

// Where the value of each field came from, so that the checks made once the layers are
// merged (validate_config) name it as the user wrote it: the configuration file and its
// key, or the command-line flag. A field is a key path of the file's schema ("ram_size",
// "clusters[1].frequency", "latencies.core.off"); one recorded from the file covers the
// fields under it. Fields not recorded are the preset's defaults, named by key alone.
class config_origins
{
  public:
    void from_file(const std::string &field, const std::string &path);
    // `show_field`: the flag sets several fields (one per cluster), so name the field too.
    void from_flag(const std::string &field, const std::string &flag, bool show_field = false);
    // Records for every field under `to` ("clusters[2]") the origin of the same field
    // under `from` ("clusters[1]"): --topology copies a cluster's attributes.
    void copy_subtree(const std::string &from, const std::string &to);
    // The start of a message about `field`: "f.json: ram_size", "--ram-size",
    // "--cluster-freq: clusters[1].frequency", or "ram_size" for a default.
    std::string where(const std::string &field) const;
    // For a second value a message mentions: " (from f.json)", " (from --boot-el)", or
    // "" for a default.
    std::string from(const std::string &field) const;

  private:
    struct origin {
        bool flag = false;
        std::string name; // the file's path or the flag as typed
        bool show_field = false;
    };
    const origin *find(const std::string &field) const;
    std::map<std::string, origin> of_;
};

// Built-in configuration for a preset (default topology 2x4 at 1 GHz).
sim_config preset_config(const std::string &preset);
// The latency table and timer frequency of a preset; usage_error for an unknown name.
latency_table preset_latencies(const std::string &preset);

// Applies a parsed JSON configuration file on top of `base` (checks every key).
// `source` names the file in messages; every key of `doc` is recorded in `origins`.
void apply_config_json(sim_config &base, const nlohmann::json &doc, const std::string &source,
                       config_origins *origins = nullptr);
// Reads and parses FILE; usage_error if unreadable, not a regular file, larger than
// max_config_file_size, not JSON, or nested deeper than max_config_depth.
nlohmann::json read_config_file(const std::string &path);
// The parsing half of read_config_file (`source` names the text in messages).
nlohmann::json parse_config_text(const std::string &text, const std::string &source);
// Reads a whole input file after checking that it is a regular file of at most
// max_size bytes; usage_error "<path>: <problem>" otherwise. `what` names it.
std::string read_input_file(const std::string &path, const std::string &what, uint64_t max_size);
// Every field an override sets is recorded in `origins` with its flag.
void apply_overrides(sim_config &cfg, const config_overrides &ov,
                     config_origins *origins = nullptr);
// Range and consistency checks; usage_error naming the field, where its value came
// from (`origins`) and the value.
void validate_config(const sim_config &cfg, const config_origins &origins = config_origins());

// Full resolution: preset (override, else the file's "preset", else fvp), then file,
// then overrides, then validation. `origins_out` receives where each field came from.
sim_config resolve_config(const std::optional<std::string> &config_path, const config_overrides &ov,
                          config_origins *origins_out = nullptr);

// The platform part of the resolved configuration (no paths, no run control), in the
// same schema the configuration file accepts, with deterministic key order. Feeding it
// back through apply_config_json yields the same configuration.
nlohmann::ordered_json config_to_json(const sim_config &cfg);

// Parsers shared by the CLI and the configuration file.
psci_version_t parse_psci_version(const std::string &text, const std::string &what);
conduit_kind parse_conduit(const std::string &text, const std::string &what);
power_state_format parse_state_format(const std::string &text, const std::string &what);
std::vector<unsigned> parse_topology(const std::string &text, const std::string &what);

const char *to_string(conduit_kind c);
const char *to_string(power_state_format f);
const char *to_string(power_level l);
const char *to_string(local_state s);

// CPU_SUSPEND power_state for "every level up to `level` in state `state`, lower levels
// in the same state" (e.g. cluster off = core off + cluster off), in the given format.
// Encoded by the PSCI library (psci_make_power_state_upto): StateID 4 bits per level,
// original format (DEN 0022 §5.4.2) StateType bit 16, PowerLevel bits [25:24]; extended:
// StateType bit 30, StateID [27:0].
uint32_t psci_power_state(power_state_format fmt, power_level level, local_state state);

} // namespace pscisim
