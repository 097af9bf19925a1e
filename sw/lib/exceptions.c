/* Exception reporting: anything but an IRQ is a crash, reported with the syndrome
 * (ESR_ELx.EC/ISS, DDI 0487 D17.2.37), the return address and the fault address, then
 * the run ends with semihosting exit status 3. */
#include "sw/arch.h"
#include "sw/console.h"
#include "sw/semihost.h"

void sw_irq_dispatch(void);

static const char *const kinds[16] = {
    "sync (SP_EL0)",        "IRQ (SP_EL0)",        "FIQ (SP_EL0)",        "SError (SP_EL0)",
    "sync (SP_ELx)",        "IRQ (SP_ELx)",        "FIQ (SP_ELx)",        "SError (SP_ELx)",
    "sync (lower AArch64)", "IRQ (lower AArch64)", "FIQ (lower AArch64)", "SError (lower AArch64)",
    "sync (lower AArch32)", "IRQ (lower AArch32)", "FIQ (lower AArch32)", "SError (lower AArch32)",
};

#define A64_HLT_SEMIHOSTING 0xD45E0000u /* HLT #0xF000 */

static volatile uint32_t crashing[SW_MAX_CPUS];
extern char __image_start[], __image_end[];

static void __attribute__((noreturn)) park(void)
{
    for (;;)
        sw_wfi();
}

void sw_exception(uint64_t kind, uint64_t *frame)
{
    if (kind == 5 || kind == 1) {
        sw_irq_dispatch();
        return;
    }
    unsigned el = sw_current_el();
    unsigned core = sw_core_index();
    uint64_t pc = el == 2 ? sw_read_sysreg(elr_el2) : sw_read_sysreg(elr_el1);
    bool in_image = pc >= (uintptr_t)__image_start && pc < (uintptr_t)__image_end && !(pc & 3);
    if (in_image && *(volatile uint32_t *)pc == A64_HLT_SEMIHOSTING) {
        /* Semihosting is not enabled (QEMU needs -semihosting): the exit status cannot be
         * reported, so stop here instead of trapping again. */
        sw_printf("\nCRASH core %u: semihosting call trapped (HLT #0xF000 at 0x%lx); enable "
                  "semihosting to get the exit status. Core parked.\n",
                  core, pc);
        park();
    }
    if (crashing[core]) park(); /* a fault while reporting a fault */
    crashing[core] = 1;
    uint64_t esr, elr, far, spsr;
    if (el == 2) {
        esr = sw_read_sysreg(esr_el2);
        elr = sw_read_sysreg(elr_el2);
        far = sw_read_sysreg(far_el2);
        spsr = sw_read_sysreg(spsr_el2);
    } else {
        esr = sw_read_sysreg(esr_el1);
        elr = sw_read_sysreg(elr_el1);
        far = sw_read_sysreg(far_el1);
        spsr = sw_read_sysreg(spsr_el1);
    }
    sw_printf("\nCRASH core %u (MPIDR 0x%lx) at EL%u: %s exception\n"
              "  ESR 0x%lx (EC 0x%lx ISS 0x%lx)  ELR 0x%lx  FAR 0x%lx  SPSR 0x%lx\n",
              core, sw_mpidr(), el, kinds[kind & 15], esr, (esr >> 26) & 0x3F, esr & 0x1FFFFFF, elr,
              far, spsr);
    for (unsigned i = 0; i < 30; i += 2)
        sw_printf("  x%-2u 0x%016lx  x%-2u 0x%016lx\n", i, frame[i], i + 1, frame[i + 1]);
    sw_printf("  x30 0x%016lx  sp  0x%016lx\n", frame[30], frame[31]);
    sw_exit(3);
}
