// The `fvp` machine: the Arm FVP Base platform's memory map and interrupts for the
// devices Trusted Firmware-A's FVP port (PLAT=fvp) uses, so an unmodified BL31
// finds them where it looks. Every address and interrupt comes from TF-A
// (plat/arm/board/fvp/fvp_def.h, include/platform_def.h, include/plat/arm/common/
// arm_def.h, include/plat/arm/board/common/v2m_def.h) or, for the counter frame's
// interrupt, from Linux's arch/arm64/boot/dts/arm/fvp-base-revc.dts; the list with
// the sources is in docs/firmware-mode.md.
//
// SYS_ID says "Base FVP, revision 0" (the CCI-400 variant): with one or two
// clusters the interconnect is a CCI-400 at 0x2C090000 (v2m_sysregs.h explains the
// choice); with three or four, a CCN-502 at 0x2E000000, as TF-A's port expects.
#include "machine/machine.hpp"

namespace pscisim
{
namespace
{

// V2M_IOFPGA_UART*_CLK_IN_HZ (v2m_def.h).
const clock_desc v2m_clk24mhz{"v2m-clk24mhz", "v2m:clk24mhz", 24000000};
// ARM_SP805_TWDG_CLK_HZ (arm_def.h); the motherboard watchdog's refclk32khz.
const clock_desc refclk32khz{"refclk32khz", "v2m:refclk32khz", 32768};

device_desc uart(const char *name, uint64_t base, unsigned spi, bool console)
{
    return {name,
            "pl011",
            {{name, base, 0x1000}},
            {{irq_desc::kind::spi, spi}},
            &v2m_clk24mhz,
            {"serial", {"arm,pl011", "arm,primecell"}, {"uartclk", "apb_pclk"}, {}},
            console};
}

machine_desc make_fvp()
{
    machine_desc m;
    m.name = "fvp";
    m.dt_model = "pscisim FVP Base";
    m.dt_compatible = {"pscisim,fvp-base", "arm,fvp-base", "arm,vexpress"};
    m.devices = {
        // DRAM1 (ARM_DRAM1_BASE, ARM_DRAM1_SIZE = 2 GiB); the configured RAM beyond
        // 2 GiB is DRAM2 (ARM_DRAM2_BASE = 0x8_8000_0000, arm_def.h), absent with
        // 2 GiB or less. Both behind the TZC-400's filter unit 0
        // (PLAT_ARM_TZC_FILTERS; TF-A programs its DRAM2 region there too).
        {"dram",
         "ram",
         {{"dram", 0x80000000, 0x80000000, size_rule::ram_size}},
         {},
         nullptr,
         {"memory", {}, {}, {}},
         false,
         false,
         "tzc"},
        {"dram2",
         "ram",
         {{"dram2", 0x880000000, 0x80000000, size_rule::ram_above}},
         {},
         nullptr,
         {"memory", {}, {}, {}},
         false,
         false,
         "tzc"},
        // Trusted SRAM, 256 KiB (ARM_TRUSTED_SRAM_BASE, PLAT_ARM_TRUSTED_SRAM_SIZE
        // for FVP), and Trusted DRAM, 32 MiB (PLAT_ARM_TRUSTED_DRAM_BASE/SIZE):
        // Secure-only, as the FVP has them with bp.secure_memory=1 (the setting
        // TF-A's FVP instructions use).
        {"trusted_sram",
         "sram",
         {{"trusted_sram", 0x04000000, 0x40000}},
         {},
         nullptr,
         {"sram", {"mmio-sram"}, {}, {}},
         false,
         true},
        {"trusted_dram",
         "sram",
         {{"trusted_dram", 0x06000000, 0x2000000}},
         {},
         nullptr,
         {"sram", {"mmio-sram"}, {}, {}},
         false,
         true},
        // The last block of NOR flash 0 (V2M_FLASH0_BASE + V2M_FLASH0_SIZE -
        // V2M_FLASH_BLOCK_SIZE): PLAT_ARM_MEM_PROT_ADDR, the only flash BL31 maps.
        {"flash0_last_block",
         "nor_flash",
         {{"flash0_last_block", 0x0BFC0000, 0x40000}},
         {},
         nullptr,
         {"flash", {"arm,vexpress-flash", "cfi-flash"}, {}, {}}},
        // Architected timer PPIs as on virt (and as the FVP's device tree has
        // them: secure 13, non-secure 14, virtual 11, hypervisor 10).
        architected_timer(),
        // BASE_GICD_BASE / BASE_GICR_BASE (fvp_def.h); 128 KiB per redistributor.
        {"gic",
         model_names::gicv3_secure, // GICD_CTLR.DS = 0, as TF-A expects
         {{"gicd", 0x2F000000, 0x10000}, {"gicr", 0x2F100000, 0x20000, size_rule::per_core}},
         {{irq_desc::kind::ppi, 9}}, // maintenance interrupt (INTID 25), with EL2
         nullptr,
         {"intc", {"arm,gic-v3"}, {}, {}}},
        // V2M_SYSREGS_BASE.
        {"v2m_sysregs",
         "v2m_sysregs",
         {{"v2m_sysregs", 0x1C010000, 0x10000}},
         {},
         nullptr,
         {"sysreg", {"arm,vexpress-sysreg"}, {}, {}}},
        // UART0 is TF-A's boot console, UART1 its runtime and crash console, UART2
        // the TSP's, UART3 the TRP's (platform_def.h PLAT_ARM_*_UART_BASE);
        // interrupts SPI 5..8 (rtsm_ve-motherboard.dtsi).
        uart("uart0", 0x1C090000, 5, true),
        uart("uart1", 0x1C0A0000, 6, false),
        uart("uart2", 0x1C0B0000, 7, false),
        uart("uart3", 0x1C0C0000, 8, false),
        // The motherboard watchdog (SP805, SPI 0, rtsm_ve-motherboard.dtsi).
        {"wdog",
         "sp805",
         {{"wdog", 0x1C0F0000, 0x1000}},
         {{irq_desc::kind::spi, 0}},
         &refclk32khz,
         {"watchdog", {"arm,sp805", "arm,primecell"}, {"wdog_clk", "apb_pclk"}, {}}},
        // PWRC_BASE (fvp_def.h).
        {"pwrc",
         "fvp_pwrc",
         {{"pwrc", 0x1C100000, 0x1000}},
         {},
         nullptr,
         {"power-controller", {"arm,fvp-pwrc"}, {}, {}}},
        // The interconnect follows the cluster count, as TF-A's FVP port does
        // (platform.mk: FVP_CLUSTER_COUNT 1-2 -> CCI driver, more -> CCN driver) and
        // as the FVPs are built (the 4-cluster FVP_Base_AEMv8A-AEMv8A-AEMv8A-AEMv8A-
        // CCN502 has a CCN-502 instead of the CCI-400). CCI-400: PLAT_FVP_CCI400_BASE,
        // the clusters on slave ports 3 and 4.
        {"cci",
         "cci400",
         {{"cci", 0x2C090000, 0x10000}},
         {},
         nullptr,
         {"cci", {"arm,cci-400"}, {}, {}},
         false,
         false,
         nullptr,
         1,
         2},
        // CCN-502: PLAT_ARM_CCN_BASE (fvp platform_def.h), 256 regions of 64 KiB
        // (ccn_private.h region_id_to_base); clusters 0..3 are RN-F nodes 1, 5, 7, 11.
        {"ccn",
         "ccn502",
         {{"ccn", 0x2E000000, 0x1000000}},
         {},
         nullptr,
         {"ccn", {"arm,ccn-502"}, {}, {}},
         false,
         false,
         nullptr,
         3,
         4},
        // ARM_SYS_CNTCTL_BASE (CNTControlBase), ARM_SYS_TIMCTL_BASE (CNTCTLBase),
        // ARM_SYS_CNT_BASE_NS (CNTBase1, PLAT_ARM_NSTIMER_FRAME_ID = 1); the
        // frame's physical timer is SPI 26 (fvp-base-revc.dts).
        {"sys_counter",
         "sys_counter",
         {{"cntcontrol", 0x2A430000, 0x10000},
          {"cntctl", 0x2A810000, 0x10000},
          {"cntbase1", 0x2A830000, 0x10000}},
         {{irq_desc::kind::spi, 26}},
         nullptr,
         {"timer", {"arm,armv7-timer-mem"}, {}, {}}},
        // The trusted watchdog (ARM_SP805_TWDG_BASE), FVP_IRQ_TZ_WDOG = INTID 56.
        {"twdog",
         "sp805",
         {{"twdog", 0x2A490000, 0x1000}},
         {{irq_desc::kind::spi, 24}},
         &refclk32khz,
         {"watchdog", {"arm,sp805", "arm,primecell"}, {"wdog_clk", "apb_pclk"}, {}}},
        // PLAT_ARM_TZC_BASE.
        {"tzc",
         "tzc400",
         {{"tzc", 0x2A4A0000, 0x1000}},
         {},
         nullptr,
         {"tzc", {"arm,tzc-400"}, {}, {}}},
    };
    return m;
}

} // namespace

const machine_desc &machine_fvp()
{
    static const machine_desc m = make_fvp();
    return m;
}

} // namespace pscisim
