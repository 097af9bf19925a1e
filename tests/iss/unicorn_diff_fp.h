/*
 * The SIMD&FP part of unicorn-diff (unicorn_diff_fp.c): V0-V31, FPCR and FPSR in the
 * compared state, their random inputs (special-value pools plus random bits, random
 * FPCR RMode/FZ/DN/AHP), and the table of FP/SIMD decode rows the generator may emit,
 * each with its operand generator. Adding a row to the differential test is one line
 * in that table.
 */
#ifndef ISS_UNICORN_DIFF_FP_H
#define ISS_UNICORN_DIFF_FP_H

#include "a64/a64.h"

#include <stdbool.h>
#include <stdint.h>

#include <unicorn/unicorn.h>

typedef struct udf_state {
    uint64_t v[32][2]; /* V<n>: [0] bits 63:0, [1] bits 127:64 */
    uint32_t fpcr, fpsr;
} udf_state;

/* The bits compared: FPCR AHP/DN/FZ/RMode, FPSR QC and the cumulative flags. */
#define UDF_FPCR_MASK 0x07c00000u
#define UDF_FPSR_MASK 0x0800009fu

typedef uint64_t (*udf_rng)(void);

/* Random V registers (special values of every precision, random bits) and FPCR/FPSR. */
void udf_random(udf_state *s, udf_rng rnd);
void udf_iss_set(a64_state *st, const udf_state *s);
void udf_iss_get(const a64_state *st, udf_state *s);
void udf_uc_set(uc_engine *uc, const udf_state *s);
void udf_uc_get(uc_engine *uc, udf_state *s);
bool udf_equal(const udf_state *a, const udf_state *b);
/* Prints each differing V register / FPCR / FPSR with the input and both results. */
void udf_print_diff(const udf_state *in, const udf_state *iss, const udf_state *uc);
/* CPACR_EL1.FPEN = 11 on an engine (the ISS side is set by the caller). */
void udf_uc_enable_fp(uc_engine *uc);

/* Whether decode row `name` (class fp) has an operand generator; only those rows
 * are generated. */
bool udf_known_row(const char *name);
/* Constrain the random fill w of row `name` (e.g. SBZ fields, valid scales). */
uint32_t udf_fix_word(const char *name, uint32_t w, udf_rng rnd);

/* Unallocated-space check: whether w lies in the part of the FP/SIMD space whose
 * every encoding is implemented here (scalar FP data processing, SIMD&FP register
 * loads/stores), so the ISS must agree with Unicorn's Cortex-A53 on UNDEFINED; and
 * a random word biased into that space one time in four. */
bool udf_checked_space(uint32_t w);
/* The alignment a SIMD&FP load/store w needs beyond what Unicorn's access hook shows
 * (it reports a 128-bit access as two doublewords): 16 for Q forms, else 1. */
unsigned udf_access_align(uint32_t w);
uint32_t udf_bias_word(uint32_t w, udf_rng rnd);

/* The a64_fpu operations that only Advanced SIMD uses (FRECPE, FRSQRTE, FRECPX,
 * FCVTXN, FRECPS, FRSQRTS, FMULX, FABD, FCMEQ/GE/GT, FACGE/GT), checked against
 * Unicorn's scalar AdvSIMD instructions before the ISS decodes them: run(w, fp)
 * executes the word w on Unicorn from the SIMD&FP state *fp and updates it (false on
 * an exception). Returns the number of mismatches. */
typedef bool (*udf_run_word)(uint32_t w, udf_state *fp);
uint64_t udf_fpu_reference(uint64_t iterations, udf_rng rnd, udf_run_word run, unsigned max_report,
                           uint64_t *checked);

#endif
