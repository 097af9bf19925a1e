/*
 * unicorn-diff, Advanced SIMD part: which AdvSIMD rows are memory accesses (generated
 * like the other loads/stores), and which words of the AdvSIMD rows must not be
 * generated because Unicorn's 'max' CPU implements them as later features the ISS
 * does not advertise. unicorn_diff.c calls these; the compared SIMD&FP state and the
 * row table live in unicorn_diff_fp.c.
 */
#ifndef ISS_UNICORN_DIFF_SIMD_H
#define ISS_UNICORN_DIFF_SIMD_H

#include "a64/a64.h"

#include <stdbool.h>
#include <stdint.h>

/* True for the AdvSIMD structure load/store rows. */
bool simd_is_ldst(const a64_encoding *e);
/* False for words of features the ISS does not advertise but Unicorn's 'max' CPU has. */
bool simd_gen_ok(uint32_t w);
/* Whether w lies in the AdvSIMD space compared with Unicorn's Cortex-A53 decoder in
 * the unallocated-space check (everything but the Cryptographic Extension), and w
 * moved into that space one time in four (r: random bits). */
bool simd_checked_space(uint32_t w);
uint32_t simd_bias_word(uint32_t w, uint64_t r);

#endif
