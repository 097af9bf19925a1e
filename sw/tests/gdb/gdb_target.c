/*
 * GDB stub target (tests/system/gdb): a small program whose symbols the debugger
 * tests stop at. Aim: give the scripted GDB sessions a secondary core started with
 * CPU_ON, a function on it to break in, a mailbox word to watch, a variable to print,
 * a cluster power-down to look at and a loop to interrupt; and, with the MMU on, code
 * executed at a virtual address other than its physical one.
 * Run on a 2x1 topology (one core per cluster): the secondary is alone in cluster 1,
 * so its CPU_OFF powers the cluster down.
 * The secondary runs twice (CPU_ON, CPU_OFF, CPU_ON again), so a breakpoint can be
 * seen to survive the core's power-down and warm reset. Last, it runs a third time and
 * waits in WFI, then in a CPU_SUSPEND standby, while the boot core stops at
 * gdb_peer_idle, so that a debugger sees those two power states.
 * Then boot 1 ends with SYSTEM_RESET (not with --reset-exits) and boot 2 runs the
 * secondary once more, so that breakpoints and watchpoints set in boot 1 can be seen
 * to hit again after the reset.
 * Expected: "gdb target: ok" (printed by boot 2 only) and exit status 0 (with or
 * without a debugger), the report's run.system_resets = 1.
 */
#include "sw/arch.h"
#include "sw/check.h"
#include "sw/console.h"
#include "sw/idle.h"
#include "sw/psci.h"
#include "sw/smp.h"
#include "sw/timer.h"

volatile uint64_t gdb_mailbox;    /* written once by the secondary (watched) */
volatile uint64_t gdb_result;     /* a variable to print */
volatile uint64_t gdb_spin_iters; /* a debugger sets it to get a loop to interrupt */
volatile uint64_t gdb_spin_count;
volatile uint64_t gdb_mmu_result; /* what the code at the virtual alias returned */
volatile uint64_t gdb_idle_phase; /* 1: the secondary is in WFI, 2: in standby */

__attribute__((noinline)) int64_t gdb_secondary_work(uint64_t arg)
{
    uint64_t v = arg * 3 + 1;
    gdb_result = v;
    if (!gdb_mailbox) gdb_mailbox = 0x600d0000u | arg;
    return (int64_t)v;
}

/* The boot core waits here while the secondary's CPU_OFF takes cluster 1 down. */
__attribute__((noinline)) void gdb_cluster_going_down(unsigned idx)
{
    __asm__ volatile("" ::"r"(idx) : "memory");
}

__attribute__((noinline)) void gdb_spin(void)
{
    for (uint64_t i = 0; i < gdb_spin_iters; i++)
        gdb_spin_count++;
}

/* MMU part: EL2 stage-1 regime (the SMC build is entered at EL2), 4 KiB granule,
 * T0SZ = 25 (39-bit VA, the walk starts at level 1), one level-1 table of 1 GiB
 * blocks: devices and RAM identity-mapped, and RAM a second time at VA_ALIAS, where
 * gdb_mmu_function is called (a breakpoint at its alias address must hit). */
#define VA_ALIAS 0x7fc0000000ull /* the last 1 GiB of the 39-bit range */

static uint64_t l1[512] __attribute__((aligned(4096)));

__attribute__((noinline, aligned(64))) uint64_t gdb_mmu_function(uint64_t x)
{
    return x * 5 + 2;
}

static void mmu_part(void)
{
    if (sw_boot_el != 2) return; /* the HVC build enters at EL1: no EL2 regime to use */
    /* Block descriptors (Arm ARM D8.3): bits[1:0] = 01, AttrIndx[4:2], SH[9:8] =
     * Inner Shareable, AF[10]; MAIR attr 0 = Device-nGnRnE, attr 1 = Normal WB. */
    const uint64_t dev = 1 | (0u << 2) | (1u << 10);
    const uint64_t mem = 1 | (1u << 2) | (3u << 8) | (1u << 10);
    for (unsigned i = 0; i < 512; i++)
        l1[i] = 0;
    l1[0] = 0x00000000ull | dev;              /* devices: VA = PA */
    l1[1] = 0x40000000ull | mem;              /* RAM: VA = PA */
    l1[VA_ALIAS >> 30] = 0x40000000ull | mem; /* RAM again, at VA_ALIAS */
    __asm__ volatile("dsb sy" ::: "memory");
    uint64_t mair = 0x00ull | (0xffull << 8);
    /* TCR_EL2: T0SZ = 25, IRGN0/ORGN0 = WB, SH0 = Inner, TG0 = 4 KiB, PS = 36 bits. */
    uint64_t tcr =
        25 | (1u << 8) | (1u << 10) | (3u << 12) | (1ull << 16) | (1ull << 23) | (1ull << 31);
    __asm__ volatile("msr mair_el2, %0\n msr tcr_el2, %1\n msr ttbr0_el2, %2\n isb" ::"r"(mair),
                     "r"(tcr), "r"((uint64_t)(uintptr_t)l1)
                     : "memory");
    uint64_t sctlr;
    __asm__ volatile("mrs %0, sctlr_el2" : "=r"(sctlr));
    __asm__ volatile("tlbi alle2\n dsb sy\n msr sctlr_el2, %0\n isb" ::"r"(sctlr | 1) : "memory");
    uint64_t (*alias)(uint64_t) =
        (uint64_t(*)(uint64_t))((uintptr_t)gdb_mmu_function - 0x40000000u + VA_ALIAS);
    gdb_mmu_result = alias(8);
    __asm__ volatile("msr sctlr_el2, %0\n isb" ::"r"(sctlr) : "memory");
}

/* Idle part. Each idle period lasts IDLE_US; the boot core stops a quarter of the way
 * into it, long after the secondary has entered WFI or the standby state. */
#define IDLE_US 1000

__attribute__((noinline)) void gdb_peer_idle(unsigned phase)
{
    __asm__ volatile("" ::"r"(phase) : "memory");
}

static int64_t gdb_secondary_idle(uint64_t arg)
{
    (void)arg;
    gdb_idle_phase = 1;
    sw_delay_us(IDLE_US); /* WFI until the virtual timer fires */
    gdb_idle_phase = 2;
    struct sw_suspend_result res;
    sw_suspend_timer(sw_pstate_core_standby(), IDLE_US, 0, &res);
    return res.resumed ? -1 : res.ret;
}

static unsigned idle_part(unsigned idx)
{
    if (sw_cpu_run(idx, gdb_secondary_idle, 0) != PSCI_SUCCESS) return 1;
    for (unsigned phase = 1; phase <= 2; phase++) {
        uint64_t end = sw_deadline_us(100000);
        while (gdb_idle_phase < phase && !sw_expired(end)) {
        }
        uint64_t later = sw_deadline_us(IDLE_US / 4);
        while (!sw_expired(later)) {
        }
        gdb_peer_idle(phase);
    }
    if (!sw_cpu_wait_done(idx, 100000) || !sw_cpu_wait_off(idx, 100000)) return 1;
    return sw_mailboxes[idx].result == PSCI_SUCCESS ? 0 : 1;
}

/* Reset part. SYSTEM_RESET (DEN 0022 5.12) restores the loaded image and keeps the
 * rest of RAM, so a record just past the image (__persist, sw/lib/sw.ld) tells boot 2
 * apart and carries boot 1's error count. Boot 2 starts the secondary again from the
 * OFF state the reset left it in. */
#define PERSIST_MAGIC 0x4744425253543031ull /* "GDBRST01" */

struct gdb_persist {
    uint64_t magic;
    uint64_t errors;
};
extern struct gdb_persist __persist;

/* Called first in every boot, on the boot core: a breakpoint here set in boot 1 hits
 * with boot = 2 after the reset. */
__attribute__((noinline)) void gdb_boot_started(unsigned boot)
{
    __asm__ volatile("" ::"r"(boot) : "memory");
}

static unsigned after_reset(unsigned idx)
{
    unsigned errors = 0;
    if (gdb_mailbox != 0 || gdb_result != 0) errors++; /* .bss is cleared again */
    int32_t r = sw_cpu_run(idx, gdb_secondary_work, 11);
    if (r != PSCI_SUCCESS || !sw_cpu_wait_done(idx, 100000) || !sw_cpu_wait_off(idx, 100000))
        errors++;
    if (gdb_result != 34 || gdb_mailbox != 0x600d000bu) errors++;
    return errors;
}

int main(void)
{
    struct gdb_persist *p = &__persist;
    unsigned boot = p->magic == PERSIST_MAGIC ? 2 : 1;
    unsigned errors = 0;
    gdb_boot_started(boot);
    sw_topology_discover();
    if (sw_topo.ncpus < 2) {
        sw_printf("gdb target: needs two cores\n");
        return 1;
    }
    unsigned idx = sw_topo.index[1];
    if (boot == 2) {
        errors = (unsigned)p->errors + after_reset(idx);
        p->magic = 0;
        sw_dsb();
        sw_printf("gdb target: %s\n", errors ? "FAILED" : "ok");
        return errors ? 1 : 0;
    }
    int32_t r = sw_cpu_run(idx, gdb_secondary_work, 7);
    if (r != PSCI_SUCCESS || !sw_cpu_wait_done(idx, 100000)) errors++;
    gdb_cluster_going_down(idx);
    if (!sw_cpu_wait_off(idx, 100000)) errors++;
    if (gdb_result != 22 || gdb_mailbox != 0x600d0007u) errors++;
    /* The same core again, after its power-down: a breakpoint set before must hit. */
    r = sw_cpu_run(idx, gdb_secondary_work, 9);
    if (r != PSCI_SUCCESS || !sw_cpu_wait_done(idx, 100000) || !sw_cpu_wait_off(idx, 100000))
        errors++;
    if (gdb_result != 28) errors++;
    gdb_spin();
    mmu_part();
    if (sw_boot_el == 2 && gdb_mmu_result != 42) errors++;
    sw_idle_init();
    errors += idle_part(idx);
    p->magic = PERSIST_MAGIC;
    p->errors = errors;
    sw_dsb();
    sw_printf("gdb target: boot 1 done (%u errors), SYSTEM_RESET\n", errors);
    int32_t r2 = psci_system_reset();
    p->magic = 0;
    sw_printf("gdb target: SYSTEM_RESET returned %d, FAILED\n", r2);
    return 1;
}
