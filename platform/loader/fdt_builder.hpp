// Flattened device tree for the guest (libfdt), describing the platform as built from
// the configuration: memory, CPUs with PSCI enable-method and idle states, PSCI node,
// GICv3, architected timer, PL011, /chosen. QEMU virt-compatible node names.
#pragma once

#include "config/config.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pscisim {

// An extra MMIO device node under the root (hook for the simulator's own register
// blocks, e.g. the power controller): <name>@<base> with compatible and reg.
struct dt_mmio_node {
    std::string name;                    // node name without unit address
    std::vector<std::string> compatible; // most specific first
    uint64_t base = 0, size = 0;
    std::vector<uint32_t> spis;          // optional SPI numbers (level-high)
};

struct dt_options {
    std::vector<dt_mmio_node> extra_nodes;
    std::string bootargs; // /chosen/bootargs when not empty
};

// Phandles are fixed so that the blob is byte-identical for the same configuration.
constexpr uint32_t dt_phandle_gic = 1;
constexpr uint32_t dt_phandle_apb_pclk = 2;
constexpr uint32_t dt_phandle_idle_base = 0x10; // + index of the idle state
constexpr uint32_t dt_phandle_cpu_base = 0x100; // + linear core index
constexpr uint32_t dt_phandle_cpu_pd_base = 0x200;     // OSI: /psci/power-domain-cpu<N>
constexpr uint32_t dt_phandle_cluster_pd_base = 0x300; // OSI: /psci/power-domain-cluster<N>

// Builds the blob. Throws std::runtime_error on a libfdt failure (an internal error).
std::vector<uint8_t> build_dtb(const sim_config &cfg, const dt_options &opts = {});

} // namespace pscisim
