/*
 * Data processing -- immediate (Arm ARM C4.1.86): PC-relative addressing,
 * add/subtract, logical, move wide, bitfield, extract.
 */
#include "a64_internal.h"

a64_status a64_h_adr(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    int64_t imm = sext(((uint64_t)f_bits(i, 23, 5) << 2) | f_bits(i, 30, 29), 21);
    uint64_t v;
    if (i >> 31)
        v = (a64_pc(c, s) & ~(uint64_t)0xfff) + ((uint64_t)imm << 12); /* ADRP */
    else
        v = a64_pc(c, s) + (uint64_t)imm;
    set_xr(c, f_rd(i), v);
    return A64_OK;
}

/* ADD/ADDS/SUB/SUBS (immediate): Rn and (non-flag-setting) Rd may be SP. */
a64_status a64_h_addsub_imm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), op = (i >> 30) & 1, setf = (i >> 29) & 1;
    uint64_t imm = (uint64_t)f_imm12(i) << ((i >> 22) & 1 ? 12 : 0);
    uint64_t n = xsp(c, f_rn(i));
    if (!sf) n = (uint32_t)n;
    uint32_t nzcv;
    uint64_t r = a64_addsub(n, imm, op, sf, &nzcv);
    a64_addsub_write_sp(c, f_rd(i), sf, setf, r, nzcv);
    return A64_OK;
}

static inline uint64_t ror64(uint64_t v, unsigned r, unsigned esize)
{
    uint64_t m = esize == 64 ? ~0ull : (1ull << esize) - 1;
    /* esize is a power of two (an element size or the register width): a mask
     * instead of a division keeps the logical-immediate decode cheap. */
    r = (esize & (esize - 1)) == 0 ? r & (esize - 1) : r % esize;
    v &= m;
    return r ? ((v >> r) | (v << (esize - r))) & m : v;
}

static inline uint64_t ones(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/* v (esize bits, esize a power of two) copied into every esize-bit element: a
 * multiply by a constant with a 1 at the bottom of each element, since the copies
 * cannot overlap. The logical-immediate decode runs on every TST/AND #imm. */
static inline uint64_t replicate(uint64_t v, unsigned esize)
{
    static const uint64_t ones_per_elem[7] = {~0ull,
                                              0x5555555555555555ull,
                                              0x1111111111111111ull,
                                              0x0101010101010101ull,
                                              0x0001000100010001ull,
                                              0x0000000100000001ull,
                                              1ull};
    return v * ones_per_elem[__builtin_ctz(esize) % 7];
}

/* DecodeBitMasks (Arm ARM shared pseudocode J1.1.x). Returns false for the
 * reserved encodings. */
bool a64_decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool immediate,
                          unsigned datasize, uint64_t *wmask, uint64_t *tmask)
{
    unsigned v = (n << 6) | (~imms & 0x3f);
    if (v == 0) return false;
    unsigned len = 31 - (unsigned)__builtin_clz(v);
    if (len < 1 || (1u << len) > datasize) return false;
    unsigned levels = (1u << len) - 1;
    if (immediate && (imms & levels) == levels) return false;
    unsigned sv = imms & levels, r = immr & levels, diff = (sv - r) & levels;
    unsigned esize = 1u << len;
    uint64_t welem = ones(sv + 1), telem = ones(diff + 1);
    *wmask = replicate(ror64(welem, r, esize), esize);
    *tmask = replicate(telem, esize);
    if (datasize == 32) {
        *wmask &= 0xffffffffu;
        *tmask &= 0xffffffffu;
    }
    return true;
}

a64_status a64_h_logic_imm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), opc = (i >> 29) & 3, n = (i >> 22) & 1;
    if (!sf && n) return A64_UNDEF;
    uint64_t imm, t;
    if (!a64_decode_bit_masks(n, f_bits(i, 15, 10), f_bits(i, 21, 16), true, sf ? 64 : 32, &imm,
                              &t))
        return A64_UNDEF;
    uint64_t a = rreg(c, f_rn(i), sf), r;
    switch (opc) {
    case 0: r = a & imm; break;
    case 1: r = a | imm; break;
    case 2: r = a ^ imm; break;
    default:
        r = a & imm;
        c->s.nzcv = (uint32_t)(sf ? (r >> 63) << 31 : (r >> 31) << 31) | (r == 0 ? A64_Z : 0);
        wreg(c, f_rd(i), sf, r);
        return A64_OK;
    }
    wreg_sp(c, f_rd(i), sf, r);
    return A64_OK;
}

a64_status a64_h_movewide(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), opc = (i >> 29) & 3, hw = (i >> 21) & 3;
    if (!sf && hw >= 2) return A64_UNDEF;
    unsigned pos = hw * 16;
    uint64_t imm = (uint64_t)f_bits(i, 20, 5) << pos, r;
    if (opc == 0)
        r = ~imm;
    else if (opc == 2)
        r = imm;
    else
        r = (xr(c, f_rd(i)) & ~(0xffffull << pos)) | imm;
    wreg(c, f_rd(i), sf, r);
    return A64_OK;
}

/* SBFM/BFM/UBFM (Arm ARM C6.2.x pseudocode). */
a64_status a64_h_bitfield(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), opc = (i >> 29) & 3, n = (i >> 22) & 1;
    unsigned immr = f_bits(i, 21, 16), imms = f_bits(i, 15, 10);
    unsigned datasize = sf ? 64 : 32;
    if (n != sf || (!sf && ((immr | imms) & 0x20))) return A64_UNDEF;
    uint64_t wmask, tmask;
    if (!a64_decode_bit_masks(n, imms, immr, false, datasize, &wmask, &tmask)) return A64_UNDEF;
    uint64_t dst = opc == 1 ? rreg(c, f_rd(i), sf) : 0;
    uint64_t src = rreg(c, f_rn(i), sf);
    uint64_t bot = (dst & ~wmask) | (ror64(src, immr, datasize) & wmask);
    uint64_t top;
    if (opc == 0) /* replicate the sign bit src<imms> */
        top = (src >> imms) & 1 ? ones(datasize) : 0;
    else
        top = dst;
    uint64_t r = (top & ~tmask) | (bot & tmask);
    wreg(c, f_rd(i), sf, r);
    return A64_OK;
}

a64_status a64_h_extr(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    unsigned sf = f_sf(i), n = (i >> 22) & 1, lsb = f_imm6(i);
    if (n != sf || (!sf && lsb >= 32)) return A64_UNDEF;
    uint64_t hi = rreg(c, f_rn(i), sf), lo = rreg(c, f_rm(i), sf), r;
    if (sf)
        r = lsb ? (lo >> lsb) | (hi << (64 - lsb)) : lo;
    else
        r = lsb ? ((lo >> lsb) | (hi << (32 - lsb))) & 0xffffffffu : lo;
    wreg(c, f_rd(i), sf, r);
    return A64_OK;
}

/* ---- fast paths (selected at predecode): 64-bit ADD/SUB/SUBS (immediate)
 * with general-purpose registers, the loop-counter and pointer-bump forms. */
static a64_status add_x_imm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    c->s.x[f_rd(i)] = c->s.x[f_rn(i)] + ((uint64_t)f_imm12(i) << ((i >> 22) & 1 ? 12 : 0));
    return A64_OK;
}

static a64_status sub_x_imm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    c->s.x[f_rd(i)] = c->s.x[f_rn(i)] - ((uint64_t)f_imm12(i) << ((i >> 22) & 1 ? 12 : 0));
    return A64_OK;
}

/* SUBS/CMP followed by B.cond (every counted loop) executes as one dispatch when
 * the next slot holds a decoded B.cond: both retire, both are charged, and an
 * interrupt can only be taken after the pair, which the architecture allows. Not
 * when the B.cond has a breakpoint or a debugger steps (each instruction must stop
 * on its own); other breakpoints keep the pairing, so they leave timing alone. A
 * rewritten
 * B.cond has its slot reset to "decode", so the pair is not fused any more.
 * A taken B.cond to a slot of the same page hands the loop that slot
 * (A64_PAIR_LOCAL) instead of a PC it would have to map back to a slot. */
static a64_status subs_x_imm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    uint64_t imm = (uint64_t)f_imm12(i) << ((i >> 22) & 1 ? 12 : 0);
    uint64_t n = c->s.x[f_rn(i)], r = n - imm;
    uint32_t nzcv = (uint32_t)((r >> 63) << 31) | (r == 0 ? A64_Z : 0) | (n >= imm ? A64_C : 0) |
                    (uint32_t)((((n ^ imm) & (n ^ r)) >> 63) << 28);
    c->s.nzcv = nzcv;
    set_xr(c, f_rd(i), r);
    const a64_slot *b = s + 1;
    if (b->fn != a64_h_bcond || c->step || (c->nbp && a64_breakpoint_at(c, a64_pc(c, b))))
        return A64_OK;
    if (a64_cond_holds(nzcv, b->insn & 15)) {
        int64_t off = sext(f_bits(b->insn, 23, 5), 19);
        uint64_t k = (uint64_t)(b - c->pslots) + (uint64_t)off;
        if (A64_LIKELY(k < A64_PAGE_SLOTS)) {
            c->next_slot = c->pslots + k;
            return A64_PAIR_LOCAL;
        }
        c->s.pc = a64_pc(c, b) + (uint64_t)(off * 4);
        return A64_PAIR_TAKEN;
    }
    uint64_t pc = a64_pc(c, b);
    c->s.pc = pc + 4;
    return A64_PAIR_NEXT;
}

/* AND/ORR/EOR (immediate), 64-bit with N = 1, Rd and Rn not 31: one 64-bit element,
 * so DecodeBitMasks gives imms + 1 ones rotated right by immr (imms = 63 is
 * reserved and stays with the generic handler). */
static inline uint64_t mask_n1(uint32_t i)
{
    uint64_t ones = (2ull << f_bits(i, 15, 10)) - 1;
    unsigned r = f_bits(i, 21, 16);
    return (ones >> r) | (ones << ((64 - r) & 63));
}
static a64_status and_x_imm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    c->s.x[f_rd(i)] = c->s.x[f_rn(i)] & mask_n1(i);
    return A64_OK;
}
static a64_status orr_x_imm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    c->s.x[f_rd(i)] = c->s.x[f_rn(i)] | mask_n1(i);
    return A64_OK;
}
static a64_status eor_x_imm(a64_core *c, const a64_slot *s)
{
    uint32_t i = s->insn;
    c->s.x[f_rd(i)] = c->s.x[f_rn(i)] ^ mask_n1(i);
    return A64_OK;
}

a64_handler a64_dp_imm_specialize(uint32_t insn, a64_handler generic)
{
    if (generic == a64_h_logic_imm) {
        unsigned opc = (insn >> 29) & 3;
        if (!f_sf(insn) || !((insn >> 22) & 1) || f_bits(insn, 15, 10) == 63 || f_rd(insn) == 31 ||
            f_rn(insn) == 31 || opc == 3)
            return NULL;
        return opc == 0 ? and_x_imm : opc == 1 ? orr_x_imm : eor_x_imm;
    }
    if (generic != a64_h_addsub_imm || !f_sf(insn) || f_rn(insn) == 31) return NULL;
    unsigned op_s = (insn >> 29) & 3;
    if (op_s == 3) return subs_x_imm;
    if (f_rd(insn) == 31) return NULL; /* ADD/SUB write SP */
    return op_s == 0 ? add_x_imm : op_s == 2 ? sub_x_imm : NULL;
}
