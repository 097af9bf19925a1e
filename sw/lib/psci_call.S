/*
 * PSCI conduit (SMCCC, Arm DEN 0028): SMC #0 or HVC #0 chosen at build time, one
 * library per conduit. x0 = function ID, x1-x3 = arguments, result in x0.
 */
#include "sw/asm.h"

#if defined(SW_CONDUIT_SMC)
#define SW_CONDUIT smc #0
#elif defined(SW_CONDUIT_HVC)
#define SW_CONDUIT hvc #0
#else
#error "define SW_CONDUIT_SMC or SW_CONDUIT_HVC"
#endif

    .text
    .global sw_psci_call
sw_psci_call:
    SW_CONDUIT
    ret

/*
 * Like sw_psci_call, for calls that may resume at sw_resume_entry instead of returning
 * (power-down CPU_SUSPEND, CPU_DEFAULT_SUSPEND, SYSTEM_SUSPEND): the callee-saved
 * registers, SP and DAIF are saved in sw_resume_ctx[core] first. Returns the PSCI result
 * with the context's flag 0, or (from sw_resume_entry) the context_id with the flag 1.
 */
    .global sw_psci_call_resumable
sw_psci_call_resumable:
    sw_core_index x9, x10, x11
    adrp    x10, sw_resume_ctx
    add     x10, x10, :lo12:sw_resume_ctx
    add     x10, x10, x9, lsl #SW_RESUME_CTX_SHIFT
    stp     x19, x20, [x10, #0]
    stp     x21, x22, [x10, #16]
    stp     x23, x24, [x10, #32]
    stp     x25, x26, [x10, #48]
    stp     x27, x28, [x10, #64]
    stp     x29, x30, [x10, #80]
    mov     x11, sp
    str     x11, [x10, #SW_RESUME_CTX_SP]
    mrs     x11, daif
    str     x11, [x10, #SW_RESUME_CTX_DAIF]
    str     xzr, [x10, #SW_RESUME_CTX_FLAG]
    dsb     sy
    SW_CONDUIT
    ret
