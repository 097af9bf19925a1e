/*
 * Unicorn (QEMU-derived AArch64 emulator) as an independent oracle for the a64 ISS:
 * the same flat RAM, the same register file subset, run to an address or step.
 *
 * What Unicorn 2.0.1 models (found by probing, see docs/iss-verification.md): the
 * PE starts at EL1 using SP_EL1 (PSTATE 0x3c5: DAIF masked), MMU off, no alignment
 * checks, no EL2/EL3, fixed MPIDR 0x80000000; exceptions are not delivered to the
 * guest vectors but end uc_emu_start() with UC_ERR_EXCEPTION at the faulting PC.
 */
#ifndef ISS_UNICORN_ORACLE_H
#define ISS_UNICORN_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicorn/unicorn.h>

/* The state both engines are compared on. */
typedef struct uo_state {
    uint64_t x[31];
    uint64_t sp_el0, sp_el1;
    uint64_t pc;
    uint32_t nzcv; /* bits [31:28] */
    uint32_t daif; /* bits [9:6] */
    uint8_t spsel; /* 0 = SP_EL0 (always at EL0) */
    uint8_t el;    /* 0 or 1 */
} uo_state;

typedef struct uo_engine {
    uc_engine *uc;
} uo_engine;

/* cpu_model: UC_CPU_ARM64_A72, UC_CPU_ARM64_MAX... RAM is the caller's host memory.
 * Returns 0, or -1 with a message on stderr. */
int uo_open(uo_engine *e, int cpu_model, uint64_t ram_base, uint8_t *ram, size_t ram_size);
void uo_close(uo_engine *e);
/* The caller wrote code at [addr, addr+len): drop Unicorn's translated blocks there. */
void uo_code_written(uo_engine *e, uint64_t addr, uint64_t len);
/* EL0t, EL1t or EL1h (s->el, s->spsel) with the given registers. */
void uo_set_state(uo_engine *e, const uo_state *s);
void uo_get_state(uo_engine *e, uo_state *s);
/* Run from s->pc (already set) until PC == until, or at most count instructions
 * (0 = no limit). Returns Unicorn's error code (UC_ERR_OK when it stopped normally). */
uc_err uo_run(uo_engine *e, uint64_t until, size_t count);
/* Move a fresh engine (at EL1) to EL0 for good, by an ERET placed at eret_pc in RAM
 * that returns to ret_pc (which must hold a NOP). Returns 0 or -1. */
int uo_enter_el0(uo_engine *e, uint64_t eret_pc, uint64_t ret_pc);

#define UO_ERET 0xd69f03e0u
#define UO_NOP  0xd503201fu

#endif
