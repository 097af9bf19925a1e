/*
 * The per-core software TLBs (types only; the code is in a64_mmu.c).
 *
 * Two levels, as in Spike's mmu.h:
 * - the micro-TLB (a64_utlb): direct-mapped by 4 KiB virtual page, valid only for
 *   the current translation regime and Exception level. One tag per access kind
 *   (read, write, fetch) holds the page number when that access is permitted, so
 *   the inline hit path is a tag compare and a host-pointer add. Flushed whenever
 *   the context changes (EL, translation registers, TLB maintenance).
 * - the main TLB (a64_mtlb): the results of table walks, tagged with translation
 *   regime, Security state, ASID and nG like an architectural TLB, kept across EL changes and
 *   invalidated precisely by TLBI. A micro-TLB miss that hits here costs no walk.
 */
#ifndef A64_TLB_H
#define A64_TLB_H

#include <stdint.h>

#define A64_UTLB_BITS 8
#define A64_UTLB_SIZE (1u << A64_UTLB_BITS)
#define A64_MTLB_BITS 10
#define A64_MTLB_SIZE (1u << A64_MTLB_BITS)
#define A64_TLB_NONE  (~(uint64_t)0) /* a tag no virtual page number can equal */

struct a64_region;

/* Micro-TLB, the data half: what the inline load/store path reads. */
typedef struct a64_utlb {
    uint64_t rtag;    /* VA >> 12 if readable here, else A64_TLB_NONE */
    uint64_t wtag;    /* VA >> 12 if writable here and no predecoded code, else NONE */
    uintptr_t addend; /* host address of a byte = addend + VA */
    uint64_t pa;      /* physical address of the 4 KiB page */
} a64_utlb;

/* Micro-TLB, the fetch half (used once per page entry, not per instruction). */
typedef struct a64_itlb {
    uint64_t xtag; /* VA >> 12 if executable here, else A64_TLB_NONE */
    uint64_t pa;
    struct a64_region *region;
} a64_itlb;

/* Permission bits of a main-TLB entry: EL0 (unprivileged) and privileged. */
enum {
    A64_P_R0 = 1,
    A64_P_W0 = 2,
    A64_P_X0 = 4,
    A64_P_R1 = 8,
    A64_P_W1 = 16,
    A64_P_X1 = 32,
};

/* Main TLB: one 4 KiB piece of a (possibly larger) stage-1 mapping. */
typedef struct a64_mtlb {
    uint64_t vpn; /* VA[55:12] (the TLBI operand's form); valid when regime != 0 */
    uint64_t pa;  /* PA of the 4 KiB piece */
    uint16_t asid;
    uint8_t regime; /* 1: EL1&0, 2: EL2, 3: EL3; 0: invalid */
    uint8_t perm;   /* A64_P_* */
    uint8_t attr;   /* the MAIR_ELx attribute byte */
    uint8_t shift;  /* log2 of the mapping's size (page or block) */
    /* One byte, so that an entry stays 24 bytes (the main TLB's cache footprint). */
    uint8_t level : 2;  /* lookup level of the leaf descriptor */
    uint8_t global : 1; /* nG == 0 */
    uint8_t sec : 1;    /* the regime's Security state: 1 Secure (part of the tag) */
    uint8_t ns : 1;     /* the output's physical address space: 1 Non-secure */
} a64_mtlb;

#endif
