// Firmware mode on the fvp machine (--machine fvp --boot-el 3): every core starts
// here at EL3. Secondaries park themselves as TF-A's do (PPOFFR with their own
// MPIDR, then WFI). The primary checks what TF-A checks at cold boot (SYS_ID,
// CNTFID0, PSYSR of an absent MPIDR, a MIDR it has cpu_ops for), takes an SMC
// into its own EL3 vector (no built-in PSCI), then shuts the machine down (or,
// with -DREBOOT, reboots it)
// through V2M SYS_CFGCTRL. Failures exit through semihosting with 10 + check.
#include "semihost_exit.inc"

    .equ V2M_SYSREGS, 0x1C010000
    .equ PWRC, 0x1C100000
    .equ CNTCONTROL, 0x2A430000

    .global _start
_start:
    mrs     x0, CurrentEL
    cmp     x0, #(3 << 2)
    b.ne    fail_el
    mrs     x1, mpidr_el1
    tst     x1, #0xffff
    b.eq    primary
    ldr     x2, =PWRC
    str     w1, [x2, #0x0]          // PPOFFR: my own MPIDR
1:  wfi
    b       1b

primary:
    mrs     x3, midr_el1
    ldr     x4, =0x410FD0F0         // the AEM's MIDR: TF-A's aem_generic cpu_ops
    cmp     x3, x4
    b.ne    fail_midr
    ldr     x2, =V2M_SYSREGS
    ldr     w3, [x2]                // SYS_ID
    ldr     w4, =0x00201100         // Base FVP, REV 0, BLD 1, ARCH 1
    cmp     w3, w4
    b.ne    fail_sysid
    ldr     x2, =PWRC
    mov     w3, #0x0f0f             // Aff1 15, Aff0 15: not a core here
    str     w3, [x2, #0x10]
    ldr     w4, [x2, #0x10]         // PSYSR
    cmn     w4, #1
    b.ne    fail_psysr
    ldr     x2, =CNTCONTROL
    ldr     w3, [x2, #0x20]         // CNTFID0
    cbz     w3, fail_cntfid
    adr     x0, vectors
    msr     vbar_el3, x0
    isb
    mov     x20, #0
    smc     #0
    mov     x21, #0x5ac
    cmp     x20, x21
    b.ne    fail_smc
    ldr     x2, =V2M_SYSREGS
#ifdef REBOOT
    ldr     w3, =0xC0900000         // START | WRITE | FUNC(9): reboot
#else
    ldr     w3, =0xC0800000         // START | WRITE | FUNC(8): shutdown
#endif
    str     w3, [x2, #0xa4]         // SYS_CFGCTRL
2:  wfi
    b       2b

fail_el:     mov x9, #10
             semihost_exit x9
fail_sysid:  mov x9, #11
             semihost_exit x9
fail_psysr:  mov x9, #12
             semihost_exit x9
fail_cntfid: mov x9, #13
             semihost_exit x9
fail_smc:    mov x9, #14
             semihost_exit x9
fail_vec:    mov x9, #15
             semihost_exit x9
fail_midr:   mov x9, #16
             semihost_exit x9

// Synchronous exception from the current EL (SP_EL0 at 0x000, SP_ELx at 0x200):
// it must be the SMC (ESR_EL3.EC = 0x17); ELR_EL3 already points past it.
    .balign 2048
vectors:
    b       sync_el3
    .balign 0x200
    b       sync_el3
    .balign 0x80
sync_el3:
    mrs     x21, esr_el3
    lsr     x21, x21, #26
    cmp     x21, #0x17
    b.ne    fail_vec
    mov     x20, #0x5ac
    eret
    .ltorg
