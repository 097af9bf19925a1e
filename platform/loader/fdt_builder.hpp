// Flattened device tree for the guest (libfdt), describing the machine as built from
// its table (platform/machine) and the configuration: memory, CPUs with PSCI
// enable-method and idle states, PSCI node, one node per device of the table (timer,
// GICv3, fixed clocks, PL011, ...), /chosen. QEMU virt-compatible node names.
#pragma once

#include "config/config.hpp"
#include "machine/machine.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pscisim
{

struct dt_options {
    std::string bootargs; // /chosen/bootargs when not empty
};

// Phandles are fixed so that the blob is byte-identical for the same configuration.
constexpr uint32_t dt_phandle_gic = 1;
constexpr uint32_t dt_phandle_clock_base = 2; // + index of the fixed clock (first use)
constexpr uint32_t dt_phandle_apb_pclk = dt_phandle_clock_base; // virt's only clock
constexpr uint32_t dt_phandle_idle_base = 0x10;                 // + index of the idle state
constexpr uint32_t dt_phandle_cpu_base = 0x100;                 // + linear core index
constexpr uint32_t dt_phandle_cpu_pd_base = 0x200;              // OSI: /psci/power-domain-cpu<N>
constexpr uint32_t dt_phandle_cluster_pd_base = 0x300; // OSI: /psci/power-domain-cluster<N>

// Builds the blob for machine `m`. Throws std::runtime_error on a libfdt failure (an
// internal error).
std::vector<uint8_t> build_dtb(const machine_desc &m, const sim_config &cfg,
                               const dt_options &opts = {});
// The same for the virt machine.
std::vector<uint8_t> build_dtb(const sim_config &cfg, const dt_options &opts = {});

} // namespace pscisim
