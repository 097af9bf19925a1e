// The machine table is the one source of the memory map: for every machine and a
// few topologies, the bus map the system builder made, the device tree the guest
// gets (parsed back with libfdt) and the table agree on every window, size and
// interrupt, and every interrupt the table lists reaches the GIC at that number.
// And SYSTEM_RESET puts every device back in its reset state.
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

extern "C" {
#include <libfdt.h>
}

#include "config/config.hpp"
#include "config/errors.hpp"
#include "machine/machine.hpp"
#include "power/power_regs.h"
#include "pscisim/fvp/fvp_pwrc.h"
#include "pscisim/fvp/sys_counter.h"
#include "pscisim/generic_timer.h"
#include "pscisim/gicv3.h"
#include "pscisim/router.h"
#include "pscisim/sysreg.h"
#include "sc_harness.h"
#include "sim/devices.hpp"
#include "sim/system.hpp"

using namespace pscisim;
using pscisim::test::run_sim;

namespace
{

sim_config config_for(const std::string &topology, const std::string &elf)
{
    unsigned clusters = 0, cores = 0;
    std::sscanf(topology.c_str(), "%ux%u", &clusters, &cores);
    config_overrides ov;
    ov.topology.emplace(clusters, cores);
    ov.quiet = true;
    sim_config c = resolve_config(std::nullopt, ov);
    c.elf_path = elf;
    return c;
}

std::string node_path(const device_desc &d)
{
    if (d.regions.empty()) return std::string("/") + d.dt.node;
    char b[32];
    std::snprintf(b, sizeof b, "@%llx", (unsigned long long)d.regions[0].base);
    return std::string("/") + d.dt.node + b;
}

std::vector<uint32_t> cells(const void *fdt, int node, const char *prop)
{
    int len = 0;
    const auto *p = static_cast<const fdt32_t *>(fdt_getprop(fdt, node, prop, &len));
    std::vector<uint32_t> out;
    for (int i = 0; p && i < len / 4; ++i)
        out.push_back(fdt32_to_cpu(p[i]));
    return out;
}

// The arm,armv8-timer binding's interrupt order.
const generic_timer::timer_id timer_binding_order[] = {generic_timer::SECURE, generic_timer::PHYS,
                                                       generic_timer::VIRT, generic_timer::HYP};

void check_machine(const machine_desc &m, const std::string &topology, uint64_t ram_size = 0)
{
    sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
    // A guest image inside the machine's RAM.
    sim_config cfg = config_for(topology, m.name == std::string("fvp")
                                              ? std::string(PSCISIM_GUEST_DIR) + "/fvp_exit42.elf"
                                              : std::string(PSCISIM_TINY_ELF));
    if (ram_size) cfg.ram_size = ram_size;
    sim_system sys(cfg, m);
    const unsigned ncores = cfg.total_cores();

    // Table -> bus: every window of the table is mapped, with its base and size,
    // and nothing else is.
    std::vector<mmio_window> windows = memory_map(m, cfg);
    const auto &maps = sys.bus().mappings();
    ASSERT_EQ(maps.size(), windows.size());
    for (size_t i = 0; i < windows.size(); ++i) {
        EXPECT_EQ(maps[i].name, windows[i].name);
        EXPECT_EQ(maps[i].base, windows[i].base) << windows[i].name;
        EXPECT_EQ(maps[i].size, windows[i].size) << windows[i].name;
    }

    // Table -> device tree: one node per device, reg = its windows, interrupts =
    // its interrupts (level-high).
    const void *fdt = sys.dtb().data();
    ASSERT_EQ(fdt_check_header(fdt), 0);
    for (const device_desc &d : m.devices) {
        int node = fdt_path_offset(fdt, node_path(d).c_str());
        if (!device_present(d, cfg)) {
            // An absent row (DRAM2 without RAM beyond DRAM1) has no node.
            EXPECT_LT(node, 0) << node_path(d);
            continue;
        }
        ASSERT_GE(node, 0) << node_path(d);
        std::vector<uint32_t> reg;
        for (const mmio_window &w : windows)
            if (w.device == &d)
                reg.insert(reg.end(), {uint32_t(w.base >> 32), uint32_t(w.base),
                                       uint32_t(w.size >> 32), uint32_t(w.size)});
        EXPECT_EQ(cells(fdt, node, "reg"), reg) << d.name;
        std::vector<uint32_t> irqs;
        for (const irq_desc &q : d.irqs)
            irqs.insert(irqs.end(), {q.type == irq_desc::kind::spi ? 0u : 1u, q.num, 4u});
        EXPECT_EQ(cells(fdt, node, "interrupts"), irqs) << d.name;
    }
    // Device tree -> bus: every reg range of every root node is a bus window.
    int nodes_with_reg = 0;
    for (int n = fdt_first_subnode(fdt, 0); n >= 0; n = fdt_next_subnode(fdt, n)) {
        std::vector<uint32_t> reg = cells(fdt, n, "reg");
        if (reg.empty()) continue;
        ++nodes_with_reg;
        for (size_t k = 0; k + 3 < reg.size(); k += 4) {
            uint64_t base = (uint64_t(reg[k]) << 32) | reg[k + 1];
            uint64_t size = (uint64_t(reg[k + 2]) << 32) | reg[k + 3];
            int i = sys.bus().decode(base);
            ASSERT_GE(i, 0) << fdt_get_name(fdt, n, nullptr);
            EXPECT_EQ(maps[i].base, base);
            EXPECT_EQ(maps[i].size, size);
        }
    }
    int devices_with_regions = 0;
    for (const device_desc &d : m.devices)
        devices_with_regions += !d.regions.empty() && device_present(d, cfg);
    EXPECT_EQ(nodes_with_reg, devices_with_regions);

    // Interrupts as wired: each SPI output of a device, and each core's timer
    // PPIs, raise the interrupt number the table (and so the device tree) gives.
    gicv3 *gic = nullptr;
    generic_timer *timer = nullptr;
    for (const machine_device &di : sys.devices()) {
        if (auto *g = dynamic_cast<gicv3 *>(di.module.get())) gic = g;
        if (auto *t = dynamic_cast<generic_timer *>(di.module.get())) timer = t;
    }
    ASSERT_TRUE(gic && timer);
    for (const machine_device &di : sys.devices()) {
        size_t k = 0;
        for (const irq_desc &q : di.desc->irqs) {
            if (q.type != irq_desc::kind::spi) continue;
            irq_line *line = di.spis.at(k++);
            EXPECT_FALSE(gic->is_pending(0, 32 + q.num));
            line->set(true);
            EXPECT_TRUE(gic->is_pending(0, 32 + q.num)) << di.desc->name;
            line->set(false);
            EXPECT_FALSE(gic->is_pending(0, 32 + q.num));
        }
    }
    const device_desc &td = device_of(m, "generic_timer");
    ASSERT_EQ(td.irqs.size(), 4u);
    for (unsigned c = 0; c < ncores; ++c)
        for (unsigned t = 0; t < 4; ++t) {
            unsigned intid = 16 + td.irqs[t].num;
            irq_line &line = timer->irq(c, timer_binding_order[t]);
            EXPECT_FALSE(gic->is_pending(c, intid));
            line.set(true);
            EXPECT_TRUE(gic->is_pending(c, intid)) << "core " << c << " timer " << t;
            line.set(false);
        }

    // The windows fit the models' architectural frames.
    for (const device_desc &d : m.devices) {
        if (d.model == std::string("gicv3") || d.model == std::string("gicv3_secure")) {
            ASSERT_EQ(d.regions.size(), 2u);
            EXPECT_EQ(d.regions[0].size, gicv3::DIST_SIZE);
            EXPECT_EQ(d.regions[1].rule, size_rule::per_core);
            EXPECT_EQ(d.regions[1].size, gicv3::REDIST_STRIDE);
        }
        if (d.model == std::string("power_regs")) {
            EXPECT_EQ(d.regions.at(0).size, power_regs::size);
        }
        if (d.model == std::string("pl011")) {
            EXPECT_EQ(d.regions.at(0).size, 0x1000u); // PrimeCell
        }
    }
}

} // namespace

TEST(Machine, TableBusAndDeviceTreeAgree)
{
    for (const std::string &name : machine_names())
        for (const char *topo : {"1x1", "2x4", "4x16"}) {
            SCOPED_TRACE(name + " " + topo);
            run_sim([&] { check_machine(*find_machine(name), topo); });
        }
    // The fvp machine with DRAM2 (3 GiB: 2 GiB DRAM1, 1 GiB DRAM2) and without.
    for (uint64_t ram : {3ull << 30, 2ull << 30}) {
        SCOPED_TRACE("fvp with " + std::to_string(ram >> 20) + " MiB");
        run_sim([&] { check_machine(machine_fvp(), "1x1", ram); });
    }
}

// The virt map stays QEMU virt compatible (guests and docs rely on these).
TEST(Machine, VirtIsQemuVirtCompatible)
{
    const machine_desc &m = machine_virt();
    EXPECT_EQ(device_of(m, "ram").regions.at(0).base, 0x40000000u);
    EXPECT_EQ(device_of(m, "pl011").regions.at(0).base, 0x09000000u);
    EXPECT_EQ(device_of(m, "pl011").irqs.at(0).num, 1u);
    EXPECT_EQ(device_of(m, "gicv3").regions.at(0).base, 0x08000000u);
    EXPECT_EQ(device_of(m, "gicv3").regions.at(1).base, 0x080A0000u);
    EXPECT_EQ(device_of(m, "power_regs").regions.at(0).base, 0x090C0000u);
    // The timer PPIs are the Arm BSA numbers the timer model documents.
    const device_desc &t = device_of(m, "generic_timer");
    for (unsigned k = 0; k < 4; ++k)
        EXPECT_EQ(16 + t.irqs.at(k).num, generic_timer::ppi_intid(timer_binding_order[k]));
    EXPECT_EQ(find_machine("virt"), &m);
    EXPECT_EQ(find_machine("nonesuch"), nullptr);
}

// The fvp map is where Trusted Firmware-A's FVP port looks (fvp_def.h,
// platform_def.h, arm_def.h, v2m_def.h; docs/firmware-mode.md lists them).
TEST(Machine, FvpIsWhereTfaLooks)
{
    const machine_desc *m = find_machine("fvp");
    ASSERT_NE(m, nullptr);
    auto base = [&](const char *name, unsigned region = 0) {
        const device_desc *d = find_device(*m, name);
        EXPECT_NE(d, nullptr) << name;
        return d ? d->regions.at(region).base : 0;
    };
    EXPECT_EQ(base("dram"), 0x80000000u);
    EXPECT_EQ(base("trusted_sram"), 0x04000000u);
    EXPECT_EQ(find_device(*m, "trusted_sram")->regions[0].size, 256u << 10);
    EXPECT_EQ(base("trusted_dram"), 0x06000000u);
    EXPECT_EQ(find_device(*m, "trusted_dram")->regions[0].size, 32u << 20);
    EXPECT_EQ(base("flash0_last_block"), 0x0BFC0000u);
    EXPECT_EQ(base("v2m_sysregs"), 0x1C010000u);
    EXPECT_EQ(base("uart0"), 0x1C090000u);
    EXPECT_EQ(base("uart1"), 0x1C0A0000u);
    EXPECT_EQ(base("uart2"), 0x1C0B0000u);
    EXPECT_EQ(base("uart3"), 0x1C0C0000u);
    EXPECT_EQ(base("pwrc"), 0x1C100000u);
    EXPECT_EQ(base("cci"), 0x2C090000u);
    EXPECT_EQ(base("gic", 0), 0x2F000000u);
    EXPECT_EQ(base("gic", 1), 0x2F100000u);
    EXPECT_EQ(base("sys_counter", 0), 0x2A430000u);
    EXPECT_EQ(base("sys_counter", 1), 0x2A810000u);
    EXPECT_EQ(base("sys_counter", 2), 0x2A830000u);
    EXPECT_EQ(find_device(*m, "sys_counter")->irqs.at(0).num + 32, 58u);
    EXPECT_EQ(base("twdog"), 0x2A490000u);
    EXPECT_EQ(find_device(*m, "twdog")->irqs.at(0).num + 32, 56u); // FVP_IRQ_TZ_WDOG
    EXPECT_EQ(base("tzc"), 0x2A4A0000u);
    // The console is UART0 (TF-A's boot console).
    EXPECT_TRUE(find_device(*m, "uart0")->console);
}

// The fvp's interconnect follows the cluster count as TF-A's FVP port does
// (platform.mk FVP_INTERCONNECT_DRIVER): CCI-400 with one or two clusters, CCN-502
// at PLAT_ARM_CCN_BASE with three or four; never both.
TEST(Machine, FvpInterconnectFollowsClusterCount)
{
    const std::string elf = std::string(PSCISIM_GUEST_DIR) + "/fvp_exit42.elf";
    const device_desc *cci = find_device(machine_fvp(), "cci");
    const device_desc *ccn = find_device(machine_fvp(), "ccn");
    ASSERT_TRUE(cci && ccn);
    EXPECT_EQ(ccn->regions.at(0).base, 0x2E000000u);
    EXPECT_EQ(ccn->regions.at(0).size, 0x1000000u);
    for (const char *topo : {"1x1", "2x4", "3x2", "4x4", "5x1"}) {
        sim_config cfg = config_for(topo, elf);
        unsigned n = unsigned(cfg.clusters.size());
        SCOPED_TRACE(topo);
        EXPECT_EQ(device_present(*cci, cfg), n <= 2);
        EXPECT_EQ(device_present(*ccn, cfg), n == 3 || n == 4);
        unsigned windows = 0;
        for (const mmio_window &w : memory_map(machine_fvp(), cfg))
            windows += w.name == "cci" || w.name == "ccn";
        EXPECT_EQ(windows, n <= 4 ? 1u : 0u);
    }
}

// The fvp's RAM beyond DRAM1's 2 GiB is DRAM2 at 0x8_8000_0000 (arm_def.h
// ARM_DRAM2_BASE); with 2 GiB or less there is no DRAM2 window.
TEST(Machine, FvpRamBeyondDram1IsDram2)
{
    sim_config cfg = config_for("1x1", std::string(PSCISIM_GUEST_DIR) + "/fvp_exit42.elf");
    auto dram2 = [&]() -> uint64_t {
        for (const mmio_window &w : memory_map(machine_fvp(), cfg))
            if (w.name == "dram2") return w.size;
        return 0;
    };
    cfg.ram_size = 4ull << 30;
    EXPECT_EQ(ram_window(machine_fvp(), cfg).size, 2ull << 30);
    EXPECT_EQ(dram2(), 2ull << 30);
    EXPECT_EQ(find_device(machine_fvp(), "dram2")->regions.at(0).base, 0x880000000u);
    cfg.ram_size = 3ull << 30;
    EXPECT_EQ(ram_window(machine_fvp(), cfg).size, 2ull << 30);
    EXPECT_EQ(dram2(), 1ull << 30);
    EXPECT_TRUE(device_present(*find_device(machine_fvp(), "dram2"), cfg));
    cfg.ram_size = 2ull << 30;
    EXPECT_EQ(ram_window(machine_fvp(), cfg).size, 2ull << 30);
    EXPECT_EQ(dram2(), 0u);
    EXPECT_FALSE(device_present(*find_device(machine_fvp(), "dram2"), cfg));
    // virt has one RAM window: more RAM than it holds stays a usage error.
    const device_desc &vram = device_of(machine_virt(), "ram");
    if (vram.regions.at(0).size) {
        cfg.ram_size = vram.regions.at(0).size + (1u << 20);
        EXPECT_THROW(ram_window(machine_virt(), cfg), usage_error);
    }
}

namespace
{
// Runs `guest` on the fvp machine with `ram_size` bytes of RAM; checks (in the
// simulation's child process) the exit status and, for a guest error, that stderr
// names the abort on the store to DRAM2.
void run_dram2_guest(uint64_t ram_size, int expected_status, const char *guest = "/fvp_dram2.elf")
{
    run_sim([&] {
        sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
        sim_config cfg = config_for("1x1", std::string(PSCISIM_GUEST_DIR) + guest);
        cfg.machine = "fvp";
        cfg.ram_size = ram_size;
        cfg.max_time_ns = 10000000;
        sim_system sys(cfg, machine_fvp());
        ::testing::internal::CaptureStderr();
        int status = sys.run();
        std::string err = ::testing::internal::GetCapturedStderr();
        EXPECT_EQ(status, expected_status) << err;
        if (expected_status == exit_guest_error) {
            // A synchronous external abort (DFSC 0x10) on the store to DRAM2.
            EXPECT_NE(err.find("ESR=0x96000050 FAR=0x880000000"), std::string::npos) << err;
        }
    });
}
} // namespace

// A guest stores to and loads from DRAM2 with 3 GiB configured; with 2 GiB the same
// store is an external abort, as for any unmapped address.
TEST(Machine, FvpGuestUsesDram2)
{
    run_dram2_guest(3ull << 30, exit_ok);
}

TEST(Machine, FvpWithoutDram2AbortsThere)
{
    run_dram2_guest(2ull << 30, exit_guest_error);
}

// MEM_PROTECT overwrites DRAM2 too at the next cold boot; without it DRAM2 keeps
// its contents over SYSTEM_RESET (the control).
TEST(Machine, FvpMemProtectClearsDram2)
{
    // 1 MiB of DRAM2: the overwrite touches every page of both memories.
    run_dram2_guest((2ull << 30) + (1u << 20), exit_ok, "/fvp_memprotect.elf");
    run_dram2_guest((2ull << 30) + (1u << 20), exit_ok, "/fvp_memprotect_control.elf");
}

// docs/user-guide.md carries each machine's memory map as generated from its table,
// between "<!-- machine-map NAME -->" and "<!-- end machine-map -->".
TEST(Machine, UserGuideMemoryMapIsTheTables)
{
    std::ifstream f(std::string(PSCISIM_SOURCE_DIR) + "/docs/user-guide.md");
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string doc = ss.str();
    for (const std::string &name : machine_names()) {
        std::string begin = "<!-- machine-map " + name + " -->\n", end = "<!-- end machine-map -->";
        size_t b = doc.find(begin);
        ASSERT_NE(b, std::string::npos) << "docs/user-guide.md has no memory map for " << name;
        b += begin.size();
        size_t e = doc.find(end, b);
        ASSERT_NE(e, std::string::npos);
        EXPECT_EQ(doc.substr(b, e - b), memory_map_markdown(*find_machine(name)));
    }
}

namespace
{

// Reads every 32-bit word of every device window (memories excepted) through the
// bus's debug transport.
struct probe : sc_core::sc_module {
    void b_transport(tlm::tlm_generic_payload &gp)
    {
        sc_core::sc_time t;
        sock->b_transport(gp, t);
    }
    tlm_utils::simple_initiator_socket<probe> sock{"sock"};
    explicit probe(sc_core::sc_module_name n) : sc_module(n) {}
    uint64_t ok_reads = 0;
    // The value, or an error marker above 32 bits for a location without a register;
    // a debug read unless `debug` is false (a Secure bus read).
    uint64_t read32(uint64_t addr, bool debug = true)
    {
        uint32_t v = 0;
        tlm::tlm_generic_payload gp;
        gp.set_command(tlm::TLM_READ_COMMAND);
        gp.set_address(addr);
        gp.set_data_ptr(reinterpret_cast<unsigned char *>(&v));
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        if (debug ? sock->transport_dbg(gp) != 4 : (b_transport(gp), !gp.is_response_ok()))
            return 1ull << 32;
        ++ok_reads;
        return v;
    }
};

struct snapshot {
    std::vector<std::pair<std::string, uint64_t>> where;
    std::vector<const char *> model, device; // per location: its device's model and row
    std::vector<uint64_t> value;
};

// Locations that are clocks, not state: they move with simulated time whatever
// the reset does (the power registers' simulated time; the system counter's
// CNTCV, and CNTBase1's CNTPCT and CNTP_TVAL, which is CVAL minus the count).
bool is_clock(const mmio_window &w, uint64_t off)
{
    const std::string model = w.device->model;
    if (model == "power_regs")
        return off >= power_regs::SIM_TIME_NS && off < power_regs::SIM_TIME_NS + 8;
    if (w.name == "cntcontrol") return off >= sys_counter::CNTCV && off < sys_counter::CNTCV + 8;
    if (w.name == "cntbase1") return off < sys_counter::CNTPCT + 8 || off == sys_counter::CNTP_TVAL;
    return false;
}

snapshot take(sim_system &sys, probe &p, const sim_config &cfg)
{
    snapshot s;
    for (const mmio_window &w : memory_map(sys.machine(), cfg)) {
        // Memories keep their contents over a reset (RAM, Trusted SRAM/DRAM).
        if (w.device->model == std::string("ram") || w.device->model == std::string("sram"))
            continue;
        if (w.device->model == std::string("nor_flash")) {
            // The flash's contents are memory too (non-volatile; debug reads see
            // the array): its state is the command mode, which a bus read of its
            // first word shows (the data in read-array mode, the status otherwise).
            s.where.push_back({w.name, 0});
            s.model.push_back(w.device->model);
            s.device.push_back(w.device->name);
            s.value.push_back(p.read32(w.base, false));
            continue;
        }
        for (uint64_t off = 0; off < w.size; off += 4) {
            if (is_clock(w, off)) continue;
            s.where.push_back({w.name, off});
            s.model.push_back(w.device->model);
            s.device.push_back(w.device->name);
            s.value.push_back(p.read32(w.base + off));
        }
    }
    // The generic timer's per-core registers (system registers, no window).
    for (const machine_device &di : sys.devices())
        if (auto *t = dynamic_cast<generic_timer *>(di.module.get()))
            for (unsigned c = 0; c < t->num_cores(); ++c)
                for (uint32_t enc : {sysreg_enc(3, 3, 14, 2, 1), sysreg_enc(3, 3, 14, 2, 2),
                                     sysreg_enc(3, 3, 14, 3, 1), sysreg_enc(3, 3, 14, 3, 2),
                                     sysreg_enc(3, 4, 14, 2, 1), sysreg_enc(3, 7, 14, 2, 1),
                                     sysreg_enc(3, 0, 14, 1, 0), sysreg_enc(3, 4, 14, 1, 0)}) {
                    uint64_t v = 0;
                    t->cpu_sysreg_read(c, enc, v);
                    s.where.push_back({"timer core " + std::to_string(c), enc});
                    s.model.push_back("generic_timer");
                    s.device.push_back(di.desc->name);
                    s.value.push_back(v);
                }
    return s;
}

// The one architected difference between the state at power-on and after a system
// reset: the FVP power controller's PSYSR (of the core its last PSYSR write named,
// core 0 at reset) reports WK = 1, system reset, instead of 0, cold power-on.
snapshot after_system_reset(snapshot s)
{
    for (size_t i = 0; i < s.value.size(); ++i)
        if (s.model[i] == std::string("fvp_pwrc") && s.where[i].second == fvp_pwrc::PSYSR) {
            EXPECT_EQ(s.value[i] & (3u << fvp_pwrc::PSYSR_WK_SHIFT), 0u); // cold
            s.value[i] = (s.value[i] & ~uint64_t((3u << fvp_pwrc::PSYSR_WK_SHIFT))) |
                         (uint64_t(fvp_pwrc::WKUP_RESET) << fvp_pwrc::PSYSR_WK_SHIFT);
        }
    return s;
}

// The devices with at least one differing location; `print`: each difference
// is a test failure.
std::set<std::string> differences(const snapshot &a, const snapshot &b, bool print)
{
    std::set<std::string> n;
    for (size_t i = 0; i < a.value.size() && i < b.value.size(); ++i)
        if (a.value[i] != b.value[i]) {
            n.insert(a.device[i]);
            if (print)
                ADD_FAILURE() << a.where[i].first << " + 0x" << std::hex << a.where[i].second
                              << ": 0x" << a.value[i] << " before, 0x" << b.value[i] << " after";
        }
    return n;
}

// Runs `guest` on machine `m` (`topology`; firmware mode with boot_el 3), which
// programs every device away from its reset state and resets the system, then
// exits 0 at once on the next boot. With reset_exits the run ends at the reset
// instead: the control, showing that the guest did change the devices.
//
// The control also checks that the guest reaches every device of the machine (a
// row added later fails it until its reset guest programs the new device too),
// except memories and the rows in `stateless`, which hold no state a guest writes.
void run_reset_guest(const machine_desc &m, const char *topology, const char *guest,
                     unsigned boot_el, bool reset_exits,
                     const std::set<std::string> &stateless = {})
{
    sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
    sim_config cfg = config_for(topology, std::string(PSCISIM_GUEST_DIR) + guest);
    cfg.machine = m.name;
    cfg.boot_el = boot_el;
    cfg.reset_exits = reset_exits;
    cfg.max_time_ns = 10000000;
    sim_system sys(cfg, m);
    probe p("probe");
    p.sock.bind(sys.bus().in);
    // End elaboration (the bus's sockets are bound then); no core runs before
    // run() boots one.
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    snapshot before = take(sys, p, cfg);
    EXPECT_GT(p.ok_reads, 1000u); // the GIC frames, the UARTs, every register block
    int status = sys.run();
    snapshot after = take(sys, p, cfg);
    ASSERT_EQ(before.value.size(), after.value.size());
    if (reset_exits) {
        // Control: the guest did move the devices away from their reset state
        // (so the check below cannot pass because nothing changed).
        EXPECT_EQ(status, exit_reset);
        std::set<std::string> expected;
        for (const device_desc &d : m.devices)
            if (device_present(d, cfg) && d.model != std::string("ram") &&
                d.model != std::string("sram") && !stateless.count(d.name))
                expected.insert(d.name);
        EXPECT_EQ(differences(before, after, false), expected);
    } else {
        EXPECT_EQ(status, 0);
        EXPECT_EQ(differences(after_system_reset(before), after, true), std::set<std::string>{});
    }
}

} // namespace

TEST(Machine, SystemResetPutsEveryDeviceBackInItsResetState)
{
    run_sim([] { run_reset_guest(machine_virt(), "1x1", "/reset_devices.elf", 2, false); });
}

TEST(Machine, ResetGuestChangesTheDevices)
{
    // The power registers' words are status (the power domains) and SIM_EXIT.
    run_sim([] {
        run_reset_guest(machine_virt(), "1x1", "/reset_devices.elf", 2, true, {"power_regs"});
    });
}

// The fvp machine's devices, with the CCI-400 (two clusters) and with the CCN-502
// (three clusters), back in their reset state after a V2M SYS_CFGCTRL reboot.
TEST(Machine, FvpSystemResetPutsEveryDeviceBackInItsResetState)
{
    for (const char *topo : {"2x1", "3x1"}) {
        SCOPED_TRACE(topo);
        run_sim([&] { run_reset_guest(machine_fvp(), topo, "/fvp_reset_devices.elf", 3, false); });
    }
}

TEST(Machine, FvpResetGuestChangesTheDevices)
{
    for (const char *topo : {"2x1", "3x1"}) {
        SCOPED_TRACE(topo);
        run_sim([&] { run_reset_guest(machine_fvp(), topo, "/fvp_reset_devices.elf", 3, true); });
    }
}

namespace
{
struct capture_console : console_if {
    std::string out, err;
    int flushes = 0;
    void write(console_stream s, const char *data, size_t len) override
    {
        (s == console_stream::out ? out : err).append(data, len);
    }
    void flush() override { ++flushes; }
};
} // namespace

// Every console route of the guest (PL011, semihosting) reaches the machine's
// console, in order, and the streams stay apart.
TEST(Machine, GuestConsoleOutputGoesThroughTheConsole)
{
    run_sim([] {
        sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
        sim_config cfg = config_for("1x1", std::string(PSCISIM_GUEST_DIR) + "/console.elf");
        capture_console con;
        sim_system sys(cfg, machine_virt(), con);
        EXPECT_EQ(sys.run(), 0);
        EXPECT_EQ(con.out, "UCw0out");
        EXPECT_EQ(con.err, "err");
        EXPECT_GE(con.flushes, 1); // before the exit
    });
}

namespace
{
// A console whose output cannot be delivered (as a closed stdout pipe).
struct failed_console : capture_console {
    bool failed() const override { return true; }
};
} // namespace

// A console that reports a failure costs the run its 0 status (exit status 5) with
// one note on stderr; the run itself goes to its end.
TEST(Machine, AFailedConsoleIsReportedOnceWithStatusFive)
{
    run_sim([] {
        sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
        sim_config cfg = config_for("1x1", std::string(PSCISIM_GUEST_DIR) + "/console.elf");
        cfg.quiet = true;
        failed_console con;
        sim_system sys(cfg, machine_virt(), con);
        ::testing::internal::CaptureStderr();
        int status = sys.run();
        std::string err = ::testing::internal::GetCapturedStderr();
        EXPECT_EQ(status, exit_output_error);
        const std::string note = "console (stdout) could not be written";
        size_t at = err.find(note);
        EXPECT_NE(at, std::string::npos) << err;
        if (at != std::string::npos) {
            EXPECT_EQ(err.find(note, at + 1), std::string::npos) << err;
        }
    });
}

// The console layer: a prefixed UART delivers whole lines, each with its prefix;
// a flush delivers a partial line once, and the rest of it follows unprefixed.
TEST(Console, PrefixedLinesAndFlush)
{
    capture_console base;
    prefixed_console a(base, "uart0"), b(base, "uart1");
    a.write(console_stream::out, "ab", 2);
    b.write(console_stream::out, "x\ny", 3);
    EXPECT_EQ(base.out, "uart1: x\n");
    a.write(console_stream::out, "c\nd\n", 4);
    EXPECT_EQ(base.out, "uart1: x\nuart0: abc\nuart0: d\n");
    b.flush();
    EXPECT_EQ(base.out, "uart1: x\nuart0: abc\nuart0: d\nuart1: y");
    EXPECT_EQ(base.flushes, 1);
    b.write(console_stream::out, "z\nw\n", 4);
    EXPECT_EQ(base.out, "uart1: x\nuart0: abc\nuart0: d\nuart1: yz\nuart1: w\n");
    a.write(console_stream::err, "e", 1);
    EXPECT_EQ(base.err, "e");
    b.flush(); // nothing pending: no empty prefix
    EXPECT_EQ(base.out, "uart1: x\nuart0: abc\nuart0: d\nuart1: yz\nuart1: w\n");
}

namespace
{
// Runs `guest` on `m` with these --uart-file entries and checks (in the simulation's
// child process) the exit status 0, the console's stdout and the first file.
void run_uarts_guest(const std::vector<sim_config::uart_file> &files, const std::string &out,
                     const std::string &file = "", const machine_desc &m = machine_fvp(),
                     const char *guest = "/fvp_uarts.elf")
{
    run_sim([&] {
        sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
        sim_config cfg = config_for("1x1", std::string(PSCISIM_GUEST_DIR) + guest);
        cfg.machine = m.name;
        cfg.uart_files = files;
        capture_console con;
        {
            sim_system sys(cfg, m, con);
            EXPECT_EQ(sys.run(), 0);
        }
        EXPECT_EQ(con.out, out);
        if (!files.empty()) {
            std::ifstream f(files[0].path, std::ios::binary);
            std::stringstream ss;
            ss << f.rdbuf();
            EXPECT_EQ(ss.str(), file);
        }
    });
}
} // namespace

// The fvp machine's UARTs share the console, each line prefixed with the UART's
// name; lines interleave whole, in the order they end; semihosting is unprefixed.
TEST(Machine, FvpUartsArePrefixedPerLine)
{
    run_uarts_guest({}, "uart1: b1\nuart0: a0\nSuart0: c2");
}

// --uart-file sends one UART to its own file, unprefixed; the others stay on the
// console with their prefixes.
TEST(Machine, FvpUartFileTakesOneUart)
{
    std::string path = ::testing::TempDir() + "/pscisim_uart1.txt";
    run_uarts_guest({{"uart1", path}}, "uart0: a0\nSuart0: c2", "b1\n");
    std::remove(path.c_str());
}

// virt has one UART: its output reaches the console exactly as written (no prefix);
// a --uart-file for a UART the machine lacks is a usage error.
TEST(Machine, VirtUartIsUnprefixed)
{
    run_uarts_guest({}, "UCw0out", "", machine_virt(), "/console.elf");
    EXPECT_THROW(check_uart_files(machine_virt(), {"uart1"}), usage_error);
    EXPECT_THROW(check_uart_files(machine_fvp(), {"uart1", "uart1"}), usage_error);
    EXPECT_THROW(check_uart_files(machine_fvp(), {"uart4"}), usage_error);
    EXPECT_NO_THROW(check_uart_files(machine_fvp(), {"uart0", "uart3"}));
    EXPECT_EQ(uart_names(machine_fvp()),
              (std::vector<std::string>{"uart0", "uart1", "uart2", "uart3"}));
}

PSCISIM_SC_TEST_MAIN()
