/*
 * Decoder: builds mask/match for every row of a64_insns.def once, buckets the rows
 * by the top-level op0 field (bits [28:25], Arm ARM C4.1) and fills predecoded
 * slots. Decoding happens once per instruction address (see a64_h_predecode).
 */
#include "a64_internal.h"
#include "a64_mem.h"

#include <threads.h>

static a64_encoding enc_table[] = {
#define A64_INSN(name, pattern, cls, handler, tclass, flags, unimpl)                               \
    {#name, pattern, 0, 0, #cls, unimpl, ((flags)&A64_F_SHADOWED) != 0},
#include "a64_insns.def"
#undef A64_INSN
};

#define NENC (sizeof(enc_table) / sizeof(enc_table[0]))

const a64_handler a64_handlers[] = {
#define A64_INSN(name, pattern, cls, handler, tclass, flags, unimpl) handler,
#include "a64_insns.def"
#undef A64_INSN
};

static const uint8_t enc_tclass[] = {
#define A64_INSN(name, pattern, cls, handler, tclass, flags, unimpl) tclass,
#include "a64_insns.def"
#undef A64_INSN
};

/* Rows per op0 bucket, in table order (so "most specific first" still holds). */
static uint16_t bucket[16][NENC];
static unsigned bucket_n[16];
static once_flag init_once = ONCE_FLAG_INIT;

static void build_tables(void)
{
    for (unsigned i = 0; i < NENC; i++) {
        uint32_t mask = 0, match = 0;
        const char *p = enc_table[i].pattern;
        for (unsigned b = 0; b < 32; b++) {
            uint32_t bit = 1u << (31 - b);
            if (p[b] == '0' || p[b] == '1') {
                mask |= bit;
                if (p[b] == '1') match |= bit;
            }
        }
        enc_table[i].mask = mask;
        enc_table[i].match = match;
        for (unsigned op0 = 0; op0 < 16; op0++) {
            uint32_t w = op0 << 25;
            if (((w ^ match) & mask & (15u << 25)) == 0) bucket[op0][bucket_n[op0]++] = (uint16_t)i;
        }
    }
}

static inline void ensure_tables(void)
{
    call_once(&init_once, build_tables);
}

unsigned a64_decode_index(uint32_t insn)
{
    ensure_tables();
    unsigned op0 = (insn >> 25) & 15;
    for (unsigned k = 0; k < bucket_n[op0]; k++) {
        const a64_encoding *e = &enc_table[bucket[op0][k]];
        if ((insn & e->mask) == e->match) return bucket[op0][k];
    }
    return A64_ENC_UNDEF;
}

void a64_decode_slot(a64_slot *s, uint32_t insn)
{
    unsigned i = a64_decode_index(insn);
    s->insn = insn;
    s->enc = (uint16_t)i;
    if (i == A64_ENC_UNDEF) {
        s->fn = a64_h_undef;
        s->tclass = A64_T_EXCEPTION;
    } else {
        a64_handler h = a64_handlers[i], fast = a64_ldst_specialize(insn, h);
        if (!fast) fast = a64_dp_imm_specialize(insn, h);
        if (!fast) fast = a64_dp_reg_specialize(insn, h);
        if (!fast) fast = a64_simd_fp_specialize(insn, h);
        if (!fast) fast = a64_simd_ldst_specialize(insn, h);
        if (!fast) fast = a64_fp_ldst_specialize(insn, h);
        s->fn = fast ? fast : h;
        s->tclass = enc_tclass[i];
    }
}

/* The initial handler of every slot (and of every slot invalidated by a write to
 * code): fetch the word at PC, decode it in place, then execute it. The step loop
 * only dispatches slots of the current page, so a64_pc() names this slot's address. */
a64_status a64_h_predecode(a64_core *c, const a64_slot *s)
{
    a64_slot *w = (a64_slot *)s;
    uint64_t pc = a64_pc(c, s);
    /* The page's slots belong to its physical page (c->ppbase). */
    const uint8_t *p = a64_ram_ptr(c, c->ppbase + ((uint64_t)(s - c->pslots) << 2), 4);
    if (!p) /* the tail of a page past the end of its RAM region */
        return a64_fetch_abort(c, pc, A64_FSC_EXTERNAL);
    uint32_t insn;
    memcpy(&insn, p, 4);
    unsigned charged = w->tclass; /* the loop charges the class it saw before the call */
    a64_decode_slot(w, insn);
    /* c->pslots is the slot array of the page being run, its a64_page's first member. */
    ((a64_page *)c->pslots)->decoded = true;
    c->cyc += (uint64_t)c->cost[w->tclass] - c->cost[charged];
    return w->fn(c, w);
}

a64_status a64_h_undef(a64_core *c, const a64_slot *s)
{
    (void)c;
    (void)s;
    return A64_UNDEF;
}

const char *a64_insn_name(uint32_t insn)
{
    unsigned i = a64_decode_index(insn);
    if (i == A64_ENC_UNDEF) return "UNDEFINED";
    return enc_table[i].name;
}

const a64_encoding *a64_encodings(size_t *count)
{
    ensure_tables();
    if (count) *count = NENC;
    return enc_table;
}
