// The `virt` machine: QEMU virt compatible where the two overlap (hw/arm/virt.c
// memory map and interrupt numbers), so one guest ELF linked at 0x40080000 runs on
// both. The simulator's own register block sits in the space QEMU leaves free
// between the PL011 and 0x0A000000.
#include "machine/machine.hpp"

namespace pscisim
{
namespace
{

// QEMU virt's apb-pclk, the PL011's UARTCLK.
const clock_desc apb_pclk{"apb-pclk", "clk24mhz", 24000000};

machine_desc make_virt()
{
    machine_desc m;
    m.name = "virt";
    m.dt_model = "pscisim";
    m.dt_compatible = {"pscisim,virt", "linux,dummy-virt"};
    m.devices = {
        {"ram",
         "ram",
         {{"ram", 0x40000000, 0, size_rule::ram_size}},
         {},
         nullptr,
         {"memory", {}, {}, {}}},
        // Architected timer PPIs in the arm,armv8-timer binding's order: secure
        // physical, non-secure physical, virtual, hypervisor (INTIDs 29, 30, 27, 26,
        // as QEMU virt). CNTFRQ_EL0 is programmed by the platform, so no
        // clock-frequency property (the binding discourages it). "always-on" (as
        // QEMU virt): the system counter and every core's comparators are modelled
        // in an always-on power domain, so they keep their state and fire through
        // core, cluster and system power-down; without it an OS would look for a
        // broadcast timer, which is not modelled.
        architected_timer(),
        // Redistributors: RD_base + SGI_base, 64 KiB each, per core (GICv3).
        {"gic",
         "gicv3",
         {{"gicd", 0x08000000, 0x10000}, {"gicr", 0x080A0000, 0x20000, size_rule::per_core}},
         {{irq_desc::kind::ppi, 9}}, // maintenance interrupt (INTID 25), with EL2
         nullptr,
         {"intc", {"arm,gic-v3"}, {}, {}}},
        {"uart0",
         "pl011",
         {{"uart0", 0x09000000, 0x1000}},
         {{irq_desc::kind::spi, 1}},
         &apb_pclk,
         {"pl011", {"arm,pl011", "arm,primecell"}, {"uartclk", "apb_pclk"}, {}},
         true},
        // PL031 RTC (QEMU virt VIRT_RTC): its alarm is a wake-up source from every
        // idle and suspend state (models/rtc/include/pscisim/pl031.h).
        {"rtc",
         "pl031",
         {{"rtc", 0x09010000, 0x1000}},
         {{irq_desc::kind::spi, 2}},
         &apb_pclk,
         {"pl031", {"arm,pl031", "arm,primecell"}, {"apb_pclk"}, {}}},
        {"power_regs",
         "power_regs",
         {{"power_regs", 0x090C0000, 0x1000}},
         {},
         nullptr,
         {"power-controller", {"pscisim,power-controller"}, {}, {}}},
    };
    // QEMU virt's VIRTUAL_PMU_IRQ: PPI 7, INTID 23.
    m.pmu_ppi = 7;
    return m;
}

} // namespace

const machine_desc &machine_virt()
{
    static const machine_desc m = make_virt();
    return m;
}

} // namespace pscisim
