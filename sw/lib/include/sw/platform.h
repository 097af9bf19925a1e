/* The machine the guest software is built for: one source, one block of addresses per
 * machine, chosen at build time (SW_PLATFORM_FVP or the default, virt).
 *
 * virt: QEMU virt and pscisim --machine virt. PL011 at 0x0900_0000, GICv3 distributor at
 *       0x0800_0000 and redistributors from 0x080A_0000, RAM from 0x4000_0000; images link
 *       at 0x4008_0000; the loader passes the DTB in x0, and QEMU leaves one at the RAM base.
 * fvp:  the Arm FVP Base map (pscisim --machine fvp; TF-A plat/arm/board/fvp fvp_def.h,
 *       include/plat/arm/board/common/v2m_def.h): UART0 at 0x1C09_0000, GICD at
 *       0x2F00_0000, GICR at 0x2F10_0000, DRAM from 0x8000_0000; images link at
 *       0x8008_0000, TF-A's PRELOADED_BL33_BASE. A RESET_TO_BL31 BL31 passes no DTB (x0 =
 *       0), so there is nothing to probe: topology comes from AFFINITY_INFO. */
#ifndef SW_PLATFORM_H
#define SW_PLATFORM_H

#if defined(SW_PLATFORM_FVP)
#define SW_PLATFORM_NAME  "fvp"
#define SW_PL011_BASE     0x1C090000ul
#define SW_GICD_BASE      0x2F000000ul
#define SW_GICR_BASE      0x2F100000ul
#define SW_RAM_BASE       0x80000000ul
#define SW_DTB_PROBE_ADDR 0ul
#else
#define SW_PLATFORM_NAME  "virt"
#define SW_PL011_BASE     0x09000000ul
#define SW_GICD_BASE      0x08000000ul
#define SW_GICR_BASE      0x080A0000ul
#define SW_RAM_BASE       0x40000000ul
#define SW_DTB_PROBE_ADDR 0x40000000ul
#endif

#endif
