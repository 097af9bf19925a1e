/*
 * Boot and entry code.
 *
 * _start:          cold boot of the boot core (x0 = DTB address when the loader gives one).
 * sw_cpu_entry:    entry_point_address for CPU_ON (x0 = context_id, DEN 0022 6.4).
 * sw_resume_entry: entry_point_address for power-down CPU_SUSPEND, CPU_DEFAULT_SUSPEND and
 *                  SYSTEM_SUSPEND: restores the context saved by sw_psci_call_resumable.
 *
 * The runtime runs at the EL it is entered at (EL2 or EL1), with the MMU and caches off.
 * At EL2 it sets HCR_EL2 so that physical IRQ/FIQ/SError are taken to EL2 (IMO/FMO/AMO,
 * DDI 0487 D1.3 "routing of asynchronous exceptions"), zeroes CNTVOFF_EL2 so the virtual
 * counter equals the physical one, and enables the GICv3 system-register interface
 * (ICC_SRE_EL2.SRE/Enable). Entry state is recorded before anything is modified so the
 * PSCI suite can check what the firmware delivered (DEN 0022 6.4: x0, EL, DAIF, SCTLR).
 */
#include "sw/asm.h"

    .section .text.boot, "ax"
    .global _start
_start:
    mov     x21, x0
    mrs     x22, CurrentEL
    sw_core_index x20, x9, x10
    bl      sw_el_setup
    adrp    x9, __bss_start
    add     x9, x9, :lo12:__bss_start
    adrp    x10, __bss_end
    add     x10, x10, :lo12:__bss_end
1:  cmp     x9, x10
    b.hs    2f
    str     xzr, [x9], #8
    b       1b
2:  mov     x0, x21
    lsr     x1, x22, #2
    bl      sw_boot_c
    b       sw_park

/* Records x0 and the entry state in sw_entry_records[index]; leaves x19 = x0, x20 = index. */
.macro sw_record_entry
    mov     x19, x0
    sw_core_index x20, x9, x10
    adrp    x9, sw_entry_records
    add     x9, x9, :lo12:sw_entry_records
    add     x9, x9, x20, lsl #SW_ENTRY_RECORD_SHIFT
    str     x19, [x9, #0]
    mrs     x10, CurrentEL
    str     x10, [x9, #8]
    mrs     x11, daif
    str     x11, [x9, #16]
    cmp     x10, #8
    b.ne    91f
    mrs     x11, sctlr_el2
    b       92f
91: mrs     x11, sctlr_el1
92: str     x11, [x9, #24]
    mrs     x11, spsel
    str     x11, [x9, #32]
    ldr     x11, [x9, #40]
    add     x11, x11, #1
    str     x11, [x9, #40]
    dsb     sy
.endm

    .text
    .global sw_cpu_entry
    .balign 8
sw_cpu_entry:
    sw_record_entry
    bl      sw_el_setup
    mov     x0, x19
    bl      sw_secondary_c
    b       sw_park

    .global sw_resume_entry
    .balign 8
sw_resume_entry:
    sw_record_entry
    bl      sw_el_setup
    adrp    x9, sw_resume_ctx
    add     x9, x9, :lo12:sw_resume_ctx
    add     x9, x9, x20, lsl #SW_RESUME_CTX_SHIFT
    mov     x0, x19
    mov     x10, #1
    str     x10, [x9, #SW_RESUME_CTX_FLAG]
    ldr     x10, [x9, #SW_RESUME_CTX_SP]
    mov     sp, x10
    ldr     x10, [x9, #SW_RESUME_CTX_DAIF]
    msr     daif, x10
    ldp     x19, x20, [x9, #0]
    ldp     x21, x22, [x9, #16]
    ldp     x23, x24, [x9, #32]
    ldp     x25, x26, [x9, #48]
    ldp     x27, x28, [x9, #64]
    ldp     x29, x30, [x9, #80]
    ret

/* In: x20 = core index. Selects SP_ELx, configures EL2 if needed, installs the vectors
 * and this core's stack. Clobbers x9-x11. */
sw_el_setup:
    msr     spsel, #1
    mrs     x9, CurrentEL
    cmp     x9, #8
    b.ne    1f
    mov     x10, #0x80000000            /* HCR_EL2.RW: lower ELs are AArch64 */
    orr     x10, x10, #0x38             /* AMO | IMO | FMO */
    msr     hcr_el2, x10
    msr     cntvoff_el2, xzr
    mov     x10, #3                     /* CNTHCTL_EL2.EL1PCTEN | EL1PCEN */
    msr     cnthctl_el2, x10
    mov     x10, #0x33ff                /* CPTR_EL2: RES1 bits, TFP = 0 (FP/SIMD not trapped) */
    msr     cptr_el2, x10
    mrs     x10, S3_4_C12_C9_5          /* ICC_SRE_EL2 */
    orr     x10, x10, #0x1              /* SRE */
    orr     x10, x10, #0x8              /* Enable: lower ELs may use SRE */
    msr     S3_4_C12_C9_5, x10
    isb
    adrp    x10, sw_vectors
    add     x10, x10, :lo12:sw_vectors
    msr     vbar_el2, x10
    b       2f
1:  mrs     x10, S3_0_C12_C12_5         /* ICC_SRE_EL1 */
    orr     x10, x10, #1
    msr     S3_0_C12_C12_5, x10
    isb
    adrp    x10, sw_vectors
    add     x10, x10, :lo12:sw_vectors
    msr     vbar_el1, x10
2:  mov     x10, #(3 << 20)             /* CPACR_EL1.FPEN = 3: FP/SIMD at EL0 and EL1 */
    msr     cpacr_el1, x10
    isb
    adrp    x10, __stacks_end
    add     x10, x10, :lo12:__stacks_end
    mov     x11, #SW_STACK_SIZE
    msub    x10, x20, x11, x10
    mov     sp, x10
    ret

    .global sw_park
sw_park:
    dsb     sy
    wfi
    b       sw_park
