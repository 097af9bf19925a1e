// A machine as data: one table per machine listing every device with its model,
// MMIO windows, interrupts, input clock and device-tree node. The bus map, the
// device tree, the reset fan-out, the memory-map table in the docs and the
// constants the tests use are all derived from it (docs/architecture.md).
//
// Plain data, no SystemC: the device-tree builder and the configuration tools use
// it without the models. The system builder (platform/sim) instantiates the models
// the rows name.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pscisim
{

struct sim_config;

// The model a row instantiates is named by a string: platform/sim/devices.cpp maps
// each name to a factory ("ram", "generic_timer", "gicv3", "pl011", "power_regs").
// The device tree builder knows two of them specially: "ram" (memory nodes) and
// "gicv3"/"gicv3_secure" (the interrupt controller node); every other device gets a generic node
// from its row.
namespace model_names
{
constexpr const char *ram = "ram";
constexpr const char *gicv3 = "gicv3";
constexpr const char *gicv3_secure = "gicv3_secure"; // GICv3 with two Security states (DS = 0)
} // namespace model_names

// How a window's size is obtained: fixed, the configured RAM size (up to the
// window's limit), the configured RAM beyond what the first RAM window holds (the
// FVP's DRAM2; absent, size 0, when there is none), or a fixed frame per core
// (GICv3 redistributors).
enum class size_rule { fixed, ram_size, ram_above, per_core };

struct region_desc {
    const char *name; // bus window name (error messages, the docs table)
    uint64_t base;
    uint64_t size; // fixed: bytes; per_core: bytes per core; ram_size: the largest
                   // RAM the window holds (0: no limit); ram_above: the RAM below it
                   // (the window holds the configured RAM beyond that)
    size_rule rule = size_rule::fixed;
};

// An interrupt as its device drives it. SPIs are level-high lines into the GIC;
// PPIs are per-core lines (interrupt numbers as in the arm,gic-v3 binding: SPI n is
// INTID 32 + n, PPI n is INTID 16 + n).
struct irq_desc {
    enum class kind { spi, ppi };
    kind type;
    uint32_t num;
};

// A fixed-rate clock feeding devices (a "fixed-clock" node in the device tree).
struct clock_desc {
    const char *node;        // device-tree node name
    const char *output_name; // clock-output-names
    uint64_t hz;
};

struct dt_node_desc {
    const char *node = nullptr;            // node name without unit address
    std::vector<const char *> compatible;  // most specific first
    std::vector<const char *> clock_names; // clock-names; each refers to the row's clock
    std::vector<const char *> empty_props; // boolean properties ("always-on")
};

struct device_desc {
    const char *name;  // instance name
    const char *model; // factory name (see above)
    std::vector<region_desc> regions;
    std::vector<irq_desc> irqs;
    const clock_desc *clock = nullptr; // input clock (PL011 UARTCLK), or none
    dt_node_desc dt;
    bool console = false; // the device /chosen/stdout-path names
    // Memory rows: only Secure accesses reach it (the FVP's Trusted SRAM and DRAM);
    // a Non-secure access gets an error response (docs/firmware-mode.md).
    bool secure_only = false;
    // Memory rows: the device whose memory_filter checks every access (the TZC-400
    // in front of the FVP's DRAM), by instance name; nullptr: none.
    const char *filtered_by = nullptr;
    // The cluster counts for which the row exists (0: no bound): the FVP's
    // interconnect is a CCI-400 with one or two clusters, a CCN-502 with three or four.
    unsigned min_clusters = 0, max_clusters = 0;
};

struct machine_desc {
    const char *name;
    const char *dt_model;
    std::vector<const char *> dt_compatible;
    std::vector<device_desc> devices;
    // The PMU's overflow interrupt PPI (arm,armv8-pmuv3 /pmu node); 0: no node. The
    // PMU is a per-core system-register block of the ISS, not a row.
    unsigned pmu_ppi = 0;
};

// The machines pscisim knows, by name; nullptr for an unknown name.
// The generic timer row every machine shares: the architected PPIs (secure 13,
// non-secure 14, virtual 11, hypervisor 10, as on QEMU virt and the FVP's device tree),
// no MMIO, counter frequency programmed by the platform, "always-on" in the DT.
device_desc architected_timer();

const machine_desc *find_machine(const std::string &name);
std::vector<std::string> machine_names();
// The default machine (QEMU virt compatible).
const machine_desc &machine_virt();
// The Arm FVP Base platform as Trusted Firmware-A's FVP port sees it.
const machine_desc &machine_fvp();

// The first device of a model; throws std::logic_error when the machine has none.
const device_desc &device_of(const machine_desc &m, const std::string &model);
// Device with this instance name, or nullptr.
const device_desc *find_device(const machine_desc &m, const std::string &name);

// The UART (PL011) rows of a machine, by instance name, in table order.
std::vector<std::string> uart_names(const machine_desc &m);
// usage_error when a --uart-file names no UART of the machine or names one twice.
void check_uart_files(const machine_desc &m, const std::vector<std::string> &names);

// One bus window, its size resolved for a configuration.
struct mmio_window {
    const device_desc *device;
    unsigned region; // index into device->regions
    std::string name;
    uint64_t base, size;
};
uint64_t region_size(const region_desc &r, const sim_config &cfg);
// Every window of the machine, in table order; a ram_above window of size 0 (no
// RAM beyond the first window) is absent.
std::vector<mmio_window> memory_map(const machine_desc &m, const sim_config &cfg);
// False for a row all of whose windows are absent for this configuration (DRAM2
// with no more RAM than DRAM1 holds) or whose cluster range excludes the
// configuration's cluster count: no model, no device-tree node, no windows.
bool device_present(const device_desc &d, const sim_config &cfg);
// The RAM window (the first ram device's first region). Throws usage_error when
// the configured RAM does not fit the machine's RAM windows.
mmio_window ram_window(const machine_desc &m, const sim_config &cfg);

// The guest-visible memory map as a Markdown table (docs/user-guide.md carries it;
// a test checks the two agree).
std::string memory_map_markdown(const machine_desc &m);

} // namespace pscisim
