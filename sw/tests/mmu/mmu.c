/*
 * Stage-1 MMU test (VMSAv8-64, DDI 0487 D8) at the EL the program is entered at: EL2
 * (SMC build, TTBR0_EL2/TCR_EL2) or EL1 (HVC build, TTBR0_EL1/TCR_EL1).
 * Aim: for each translation granule the core advertises (ID_AA64MMFR0_EL1.TGran4/16/64),
 * build translation tables (identity map of RAM and devices with blocks, a test window
 * of pages at VA 2^39), turn the MMU on and check: translation and aliases; every fault
 * kind — Translation (level 3 and a table level), Access flag, Permission (write to
 * read-only, execute-never), Alignment (Device memory), Address size, synchronous
 * External abort on an access and on the table walk (a physical address no device
 * claims: NOBUS, a hole in both QEMU virt's and pscisim virt's maps) — each taken,
 * reported with its ESR (EC, DFSC/IFSC, WnR) and FAR, and resumed; an unaligned Normal
 * access crossing a page; code written through a writable alias and executed through
 * another (with DC CVAU / IC IVAU); TLBI by VA after a descriptor change; AT; DC ZVA.
 * Expected: every check passes (granules the core does not advertise are SKIPped); the
 * run ends with SYSTEM_OFF (exit status 0).
 */
#include "sw/arch.h"
#include "sw/check.h"
#include "sw/console.h"

struct mmu_fault_rec {
    volatile uint64_t count, esr, far, elr;
};
struct mmu_fault_rec mmu_fault;
extern char mmu_vectors[], sw_vectors[];

#define GMAX   65536u
#define INSIZE 40              /* T0SZ = 24 */
#define WIN    0x8000000000ull /* the test window: VA bit 39 */
/* A physical address in no device's window on QEMU virt (0x09050000 is its SMMU's,
 * created only with iommu=smmuv3) or on pscisim virt: accesses to it, and table walks
 * through it, are synchronous External aborts (DDI 0487, "External aborts"). */
#define NOBUS  0x09050000ull

static uint8_t tables[8][GMAX] __attribute__((aligned(GMAX)));
static uint8_t page[4][GMAX] __attribute__((aligned(GMAX)));
static unsigned ntables, grain, el, pa_bits;
static char prefix[32];

/* Descriptor fields (D8.3): AttrIndx (MAIR index 0 Normal WB, 1 Device-nGnRnE), SH
 * Inner Shareable, AF, AP[2] read-only, AP[1] (RES1 in the EL2 regime, else 0: no EL0
 * access), XN (UXN in EL1&0) and PXN. */
#define D_NORMAL (0ull << 2)
#define D_DEVICE (1ull << 2)
#define D_SH     (3ull << 8)
#define D_AF     (1ull << 10)
#define D_RO     (1ull << 7)
#define D_XN     ((1ull << 54) | (1ull << 53))

static uint64_t ap1(void)
{
    return el == 2 ? 1ull << 6 : 0;
}
static unsigned stride(void)
{
    return grain - 3;
}
static unsigned start_level(void)
{
    return 4 - (INSIZE - grain + stride() - 1) / stride();
}
static unsigned shift(unsigned l)
{
    return grain + stride() * (3 - l);
}
static uint64_t idx(uint64_t va, unsigned l)
{
    unsigned w = l == start_level() ? INSIZE - shift(l) : stride();
    return (va >> shift(l)) & ((1ull << w) - 1);
}

static uint64_t *new_table(void)
{
    uint64_t *t = (uint64_t *)tables[ntables++];
    memset(t, 0, 1u << grain);
    return t;
}

/* Map va to pa with a leaf at `level`; returns the leaf descriptor. */
static volatile uint64_t *map(uint64_t va, uint64_t pa, unsigned level, uint64_t attrs)
{
    uint64_t *t = (uint64_t *)tables[0];
    for (unsigned l = start_level(); l < level; l++) {
        uint64_t *e = &t[idx(va, l)];
        if (!(*e & 1)) *e = (uint64_t)(uintptr_t)new_table() | 3;
        t = (uint64_t *)(uintptr_t)(*e & 0x0000fffffffff000ull & ~((1ull << grain) - 1));
    }
    t[idx(va, level)] = pa | attrs | (level == 3 ? 3 : 1);
    return &t[idx(va, level)];
}

/* The level at which a walk for va stops on an empty entry, given WIN's path exists. */
static unsigned empty_level(uint64_t va)
{
    unsigned l = start_level();
    while (l < 3 && idx(va, l) == idx(WIN, l))
        l++;
    return l;
}

static uint64_t load(uint64_t va)
{
    uint64_t v = 0x5eed;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(va) : "memory");
    return v;
}
static void store(uint64_t va, uint64_t v)
{
    __asm__ volatile("str %0, [%1]" ::"r"(v), "r"(va) : "memory");
}
static void store32(uint64_t va, uint32_t v)
{
    __asm__ volatile("str %w0, [%1]" ::"r"(v), "r"(va) : "memory");
}
static uint64_t call(uint64_t va)
{
    return ((uint64_t(*)(void))(uintptr_t)va)();
}

static void name(char *b, size_t n, const char *what)
{
    sw_snprintf(b, n, "%s.%s", prefix, what);
}

/* The last access faulted once with this EC and fault status (and WnR for data). */
static void expect_fault(const char *what, uint64_t before, unsigned ec, unsigned fsc, int wnr,
                         uint64_t far)
{
    char n[64];
    name(n, sizeof n, what);
    uint64_t esr = mmu_fault.esr;
    sw_check(n,
             mmu_fault.count == before + 1 && ((esr >> 26) & 0x3f) == ec && (esr & 0x3f) == fsc &&
                 (wnr < 0 || (int)((esr >> 6) & 1) == wnr) && mmu_fault.far == far,
             "%lu faults, ESR 0x%lx FAR 0x%lx (expected EC 0x%x FSC 0x%x FAR 0x%lx)",
             mmu_fault.count - before, esr, mmu_fault.far, ec, fsc, far);
}

/* The table entry at `level` on the walk for va (the path to it must exist). */
static volatile uint64_t *entry(uint64_t va, unsigned level)
{
    uint64_t *t = (uint64_t *)tables[0];
    for (unsigned l = start_level(); l < level; l++)
        t = (uint64_t *)(uintptr_t)(t[idx(va, l)] & 0x0000fffffffff000ull & ~((1ull << grain) - 1));
    return &t[idx(va, level)];
}

static void check_eq(const char *what, uint64_t got, uint64_t want)
{
    char n[64];
    name(n, sizeof n, what);
    sw_check_u64(n, got, want);
}

static void tlbi_all(void)
{
    if (el == 2)
        __asm__ volatile("dsb ish\n\ttlbi alle2\n\tdsb ish\n\tisb" ::: "memory");
    else
        __asm__ volatile("dsb ish\n\ttlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
}
static void tlbi_va(uint64_t va)
{
    if (el == 2)
        __asm__ volatile("dsb ish\n\ttlbi vae2, %0\n\tdsb ish\n\tisb" ::"r"(va >> 12) : "memory");
    else
        __asm__ volatile("dsb ish\n\ttlbi vae1, %0\n\tdsb ish\n\tisb" ::"r"(va >> 12) : "memory");
}
static uint64_t at_read(uint64_t va)
{
    if (el == 2)
        __asm__ volatile("at s1e2r, %0\n\tisb" ::"r"(va) : "memory");
    else
        __asm__ volatile("at s1e1r, %0\n\tisb" ::"r"(va) : "memory");
    return sw_read_sysreg(par_el1);
}

static void mmu_set(bool on)
{
    uint64_t root = (uint64_t)(uintptr_t)tables[0];
    uint64_t tg = grain == 12 ? 0 : grain == 16 ? 1 : 2;
    /* PS/IPS = PARange; IRGN0/ORGN0 write-back, SH0 Inner Shareable, T0SZ = 24. */
    uint64_t pa_range = sw_read_sysreg(id_aa64mmfr0_el1) & 15;
    uint64_t tcr = (64 - INSIZE) | (1u << 8) | (1u << 10) | (3u << 12) | (tg << 14);
    const uint64_t sctlr_bits = 1 | (1u << 2) | (1u << 12); /* M, C, I */
    if (el == 2) {
        if (on) {
            sw_write_sysreg(mair_el2, 0xffull);
            sw_write_sysreg(tcr_el2, tcr | (pa_range << 16) | (1ull << 31) | (1ull << 23));
            sw_write_sysreg(ttbr0_el2, root);
            sw_write_sysreg(vbar_el2, (uintptr_t)mmu_vectors);
            tlbi_all();
            sw_write_sysreg(sctlr_el2, sw_read_sysreg(sctlr_el2) | sctlr_bits);
        } else {
            sw_write_sysreg(sctlr_el2, sw_read_sysreg(sctlr_el2) & ~sctlr_bits);
            sw_write_sysreg(vbar_el2, (uintptr_t)sw_vectors);
        }
    } else {
        if (on) {
            sw_write_sysreg(mair_el1, 0xffull);
            sw_write_sysreg(tcr_el1, tcr | (pa_range << 32) | (1ull << 23)); /* EPD1 */
            sw_write_sysreg(ttbr0_el1, root);
            sw_write_sysreg(vbar_el1, (uintptr_t)mmu_vectors);
            tlbi_all();
            sw_write_sysreg(sctlr_el1, sw_read_sysreg(sctlr_el1) | sctlr_bits);
        } else {
            sw_write_sysreg(sctlr_el1, sw_read_sysreg(sctlr_el1) & ~sctlr_bits);
            sw_write_sysreg(vbar_el1, (uintptr_t)sw_vectors);
        }
    }
    sw_isb();
    if (!on) tlbi_all();
}

/* The initial contents of page k at offset o. */
static uint64_t val(unsigned k, uint64_t o)
{
    return ((uint64_t)(k + 1) << 56) | ((k + 1) << 20) | o;
}

static void run_granule(unsigned g)
{
    const uint64_t G = 1ull << g;
    grain = g;
    ntables = 0;
    new_table();
    sw_snprintf(prefix, sizeof prefix, "mmu.el%u.%uk", el, (1u << g) >> 10);
    /* Identity map with blocks: devices (GIC, UART) as Device, RAM as Normal. The
     * largest block each granule allows at or below 1 GiB (D8.3.1). */
    unsigned blevel = g == 12 ? 1 : 2;
    uint64_t bsize = 1ull << shift(blevel);
    uint64_t attr_ram = D_NORMAL | D_SH | D_AF | ap1();
    for (uint64_t pa = 0x08000000 & ~(bsize - 1); pa < 0x0a000000; pa += bsize)
        map(pa, pa, blevel, D_DEVICE | D_AF | D_XN | ap1());
    for (uint64_t pa = 0x40000000; pa < 0x50000000; pa += bsize)
        map(pa, pa, blevel, attr_ram);
    /* The test window: pages at WIN + k * G. */
    uint64_t p0 = (uintptr_t)page[0], p1 = (uintptr_t)page[1], p2 = (uintptr_t)page[2],
             p3 = (uintptr_t)page[3];
    volatile uint64_t *d0 = map(WIN, p0, 3, attr_ram | D_XN);
    map(WIN + 1 * G, p0, 3, attr_ram | D_RO | D_XN);
    map(WIN + 2 * G, p0, 3, (attr_ram & ~D_AF) | D_XN);
    /* WIN + 3 * G stays unmapped */
    map(WIN + 4 * G, p1, 3, attr_ram | D_XN);
    map(WIN + 5 * G, p2, 3, attr_ram | D_XN);
    map(WIN + 6 * G, p0, 3, D_DEVICE | D_AF | D_XN | ap1());
    map(WIN + 7 * G, p3, 3, attr_ram | D_RO);
    map(WIN + 8 * G, p3, 3, attr_ram | D_XN);
    map(WIN + 9 * G, p3, 3, attr_ram | D_RO | D_XN);
    map(WIN + 10 * G, 1ull << pa_bits, 3, attr_ram | D_XN);
    map(WIN + 11 * G, NOBUS, 3, D_DEVICE | D_AF | D_XN | ap1());
    for (unsigned k = 0; k < 3; k++)
        for (unsigned o = 0; o < GMAX; o += 8)
            *(volatile uint64_t *)(uintptr_t)(page[k] + o) = val(k, o);
    sw_dsb();

    mmu_set(true);
    uint64_t n = mmu_fault.count;
    check_eq("translate", load(WIN + 0x18), val(0, 0x18));
    store(WIN + 0x20, 0x1234);
    check_eq("alias_write", *(volatile uint64_t *)(uintptr_t)(p0 + 0x20), 0x1234);
    check_eq("no_unexpected_faults", mmu_fault.count, n);

    n = mmu_fault.count;
    store(WIN + G + 8, 1);
    expect_fault("permission_write", n, 0x25, 0x0f, 1, WIN + G + 8);
    n = mmu_fault.count;
    load(WIN + 2 * G);
    expect_fault("access_flag", n, 0x25, 0x0b, 0, WIN + 2 * G);
    n = mmu_fault.count;
    load(WIN + 3 * G + 16);
    expect_fault("translation_l3", n, 0x25, 0x07, 0, WIN + 3 * G + 16);
    uint64_t far_va = WIN | (1ull << 38);
    n = mmu_fault.count;
    load(far_va);
    expect_fault("translation_table_level", n, 0x25, 0x04 + empty_level(far_va), 0, far_va);
    n = mmu_fault.count;
    load(WIN + 6 * G + 1);
    expect_fault("alignment_device", n, 0x25, 0x21, 0, WIN + 6 * G + 1);
    n = mmu_fault.count;
    load(WIN + 10 * G);
    expect_fault("address_size", n, 0x25, 0x03, 0, WIN + 10 * G);

    n = mmu_fault.count;
    load(WIN + 11 * G + 8);
    expect_fault("external_abort", n, 0x25, 0x10, 0, WIN + 11 * G + 8);
    /* A table descriptor pointing at NOBUS: the next level's descriptor read fails,
     * a synchronous External abort on the walk, FSC 0b0101LL with that level. */
    uint64_t walk_va = WIN | (1ull << 37);
    unsigned wl = empty_level(walk_va);
    volatile uint64_t *we = entry(walk_va, wl);
    *we = NOBUS | 3;
    sw_dsb();
    sw_isb();
    n = mmu_fault.count;
    load(walk_va + 16);
    expect_fault("external_abort_on_walk", n, 0x25, 0x14 + wl + 1, 0, walk_va + 16);
    *we = 0;
    tlbi_all();

    /* an unaligned Normal load across the page boundary of two unrelated PAs */
    n = mmu_fault.count;
    uint64_t want = (val(1, G - 8) >> 32) | ((uint64_t)(uint32_t)val(2, 0) << 32);
    check_eq("unaligned_cross_page", load(WIN + 5 * G - 4), want);
    check_eq("unaligned_no_fault", mmu_fault.count, n);

    /* code written through one alias, executed through another */
    const uint32_t mov_x0 = 0xd2800000u, ret = 0xd65f03c0u;
    for (uint32_t k = 42; k <= 43; k++) {
        store32(WIN + 8 * G, mov_x0 | (k << 5));
        store32(WIN + 8 * G + 4, ret);
        __asm__ volatile(
            "dc cvau, %0\n\tdsb ish\n\tic ivau, %1\n\tdsb ish\n\tisb" ::"r"(WIN + 8 * G),
            "r"(WIN + 7 * G)
            : "memory");
        check_eq(k == 42 ? "exec_through_alias" : "code_rewritten_through_alias", call(WIN + 7 * G),
                 k);
    }
    n = mmu_fault.count;
    call(WIN + 9 * G);
    expect_fault("instruction_abort_xn", n, 0x21, 0x0f, -1, WIN + 9 * G);

    /* AT, then TLBI by VA after retargeting WIN to p1 */
    uint64_t par = at_read(WIN + 0x10);
    check_eq("at_pa", par & 0x0000fffffffff001ull, p0);
    par = at_read(WIN + 3 * G);
    check_eq("at_fault", par & 0x7f, 1u | (0x07u << 1));
    *d0 = p1 | attr_ram | D_XN | 3;
    tlbi_va(WIN);
    check_eq("tlbi_va", load(WIN + 0x30), val(1, 0x30));

    /* DC ZVA zeroes one DCZID_EL0-sized block of Normal memory */
    uint64_t dczid = sw_read_sysreg(dczid_el0);
    char nm[64];
    name(nm, sizeof nm, "dc_zva");
    if (dczid & 16) {
        sw_skip(nm, "DCZID_EL0.DZP = 1");
    } else {
        unsigned bs = 4u << (dczid & 15);
        __asm__ volatile("dc zva, %0" ::"r"(WIN + 4 * G + 2 * bs + 8) : "memory");
        bool ok = true;
        for (unsigned o = 0; o < 4 * bs; o += 8) {
            uint64_t v = *(volatile uint64_t *)(uintptr_t)(p1 + o);
            bool zero = o >= 2 * bs && o < 3 * bs;
            ok &= zero ? v == 0 : v != 0;
        }
        sw_check(nm, ok, "block of %u bytes not exactly zeroed", bs);
    }
    mmu_set(false);
}

int main(void)
{
    el = sw_current_el();
    uint64_t mmfr0 = sw_read_sysreg(id_aa64mmfr0_el1);
    static const unsigned pa_table[8] = {32, 36, 40, 42, 44, 48, 52, 52};
    pa_bits = pa_table[mmfr0 & 7];
    if (pa_bits > 48) pa_bits = 48;
    sw_printf("# MMU test at EL%u, ID_AA64MMFR0_EL1 0x%lx (PA %u bits)\n", el, mmfr0, pa_bits);
    struct {
        unsigned grain;
        bool ok;
    } granules[3] = {
        {12, ((mmfr0 >> 28) & 15) == 0},
        {14, ((mmfr0 >> 20) & 15) == 1},
        {16, ((mmfr0 >> 24) & 15) == 0},
    };
    for (unsigned k = 0; k < 3; k++) {
        if (granules[k].ok) {
            run_granule(granules[k].grain);
        } else {
            char n[48];
            sw_snprintf(n, sizeof n, "mmu.el%u.%uk", el, (1u << granules[k].grain) >> 10);
            sw_skip(n, "granule not advertised by ID_AA64MMFR0_EL1");
        }
    }
    return sw_check_summary();
}
