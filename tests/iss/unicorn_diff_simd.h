/*
 * unicorn-diff, SIMD&FP part: the V registers, FPCR and FPSR in the compared state,
 * their random initial values (a pool of special floating-point and integer lane
 * values plus random bits, random FPCR.{AHP,DN,FZ,RMode}), and the generation
 * classes of the AdvSIMD rows. unicorn_diff.c calls these hooks.
 */
#ifndef ISS_UNICORN_DIFF_SIMD_H
#define ISS_UNICORN_DIFF_SIMD_H

#include "a64/a64.h"

#include <stdbool.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

typedef struct simd_state {
    uint64_t v[32][2]; /* V0..V31, low and high doublewords */
    uint32_t fpcr, fpsr;
} simd_state;

/* Random registers from rnd (64 random bits per call). */
void simd_random(simd_state *s, uint64_t (*rnd)(void));
void simd_iss_set(a64_core *c, const simd_state *s);
void simd_iss_get(a64_core *c, simd_state *s);
void simd_uc_set(uc_engine *uc, const simd_state *s);
void simd_uc_get(uc_engine *uc, simd_state *s);
bool simd_equal(const simd_state *a, const simd_state *b);
void simd_print_input(const simd_state *in);
void simd_print_diff(const simd_state *iss, const simd_state *uc);
/* Enable FP/AdvSIMD at EL0 and EL1 (CPACR_EL1.FPEN = 3) on an engine. */
int simd_enable_iss(a64_core *c);
void simd_enable_uc(uc_engine *uc);
/* True for the AdvSIMD structure load/store rows (generated like other accesses). */
bool simd_is_ldst(const a64_encoding *e);
/* False for words of features the ISS does not advertise but Unicorn's 'max' CPU has. */
bool simd_gen_ok(uint32_t w);

#endif
