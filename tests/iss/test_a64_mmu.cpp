// The memory system: stage-1 translation (each granule and level, EL1&0, EL2,
// EL3, TTBR1, TBI, EPD), every fault kind with its ESR/FAR, memory types and
// alignment, page-crossing accesses, ASIDs and global entries, every TLBI form
// (Inner Shareable ones seen by another core), AT, DC ZVA and cache maintenance
// by VA, aliases and self-modifying code through an alias, exclusives on PAs,
// walk timing and the debugger translation API.
#include "test_a64_harness.h"

#include <string>

namespace
{

constexpr uint64_t kVec = kRam + 0x10000;  // vectors (own 64 KiB page)
constexpr uint64_t kData = kRam + 0x40000; // data pages (64 KiB aligned)
constexpr uint64_t kData2 = kRam + 0x50000;
constexpr uint64_t kTables = kRam + 0x80000; // translation tables
constexpr uint64_t kTablesEnd = kRam + 0x100000;
constexpr uint64_t kVa = 0x0000001234500000ull; // a VA that is not a PA

// Descriptor bits (Arm ARM D8.3).
constexpr uint64_t AF = 1ull << 10, NG = 1ull << 11, PXN = 1ull << 53, UXN = 1ull << 54;
constexpr uint64_t SH_IS = 3ull << 8;
constexpr uint64_t AP_RW_EL1 = 0, AP_RW_ALL = 1ull << 6, AP_RO_EL1 = 2ull << 6,
                   AP_RO_ALL = 3ull << 6;
constexpr uint64_t ATTR_NORMAL = 0 << 2, ATTR_DEVICE = 1 << 2;
constexpr uint64_t kMair = 0xffull | (0x00ull << 8) | (0x44ull << 16);
constexpr uint64_t kNormal = AF | SH_IS | ATTR_NORMAL;

#define SR_TTBR0_EL1 A64_SYSREG(3, 0, 2, 0, 0)
#define SR_TTBR1_EL1 A64_SYSREG(3, 0, 2, 0, 1)
#define SR_TCR_EL1   A64_SYSREG(3, 0, 2, 0, 2)
#define SR_MAIR_EL1  A64_SYSREG(3, 0, 10, 2, 0)
#define SR_TTBR0_EL2 A64_SYSREG(3, 4, 2, 0, 0)
#define SR_TCR_EL2   A64_SYSREG(3, 4, 2, 0, 2)
#define SR_MAIR_EL2  A64_SYSREG(3, 4, 10, 2, 0)
#define SR_TTBR0_EL3 A64_SYSREG(3, 6, 2, 0, 0)
#define SR_TCR_EL3   A64_SYSREG(3, 6, 2, 0, 2)
#define SR_MAIR_EL3  A64_SYSREG(3, 6, 10, 2, 0)
#define SR_PAR_EL1   A64_SYSREG(3, 0, 7, 4, 0)
#define SR_MMFR0     A64_SYSREG(3, 0, 0, 7, 0)

// Instruction words (Arm ARM C6).
inline uint32_t ldr(unsigned t, unsigned n)
{
    return 0xf9400000u | (n << 5) | t;
}
inline uint32_t str(unsigned t, unsigned n)
{
    return 0xf9000000u | (n << 5) | t;
}
inline uint32_t ldrw(unsigned t, unsigned n)
{
    return 0xb9400000u | (n << 5) | t;
}
inline uint32_t ldtr(unsigned t, unsigned n)
{
    return 0xf8400800u | (n << 5) | t;
}
inline uint32_t ldxr(unsigned t, unsigned n)
{
    return 0xc85f7c00u | (n << 5) | t;
}
inline uint32_t stxr(unsigned s, unsigned t, unsigned n)
{
    return 0xc8007c00u | (s << 16) | (n << 5) | t;
}
inline uint32_t ldadd(unsigned s, unsigned t, unsigned n)
{
    return 0xf8200000u | (s << 16) | (n << 5) | t;
}
inline uint32_t blr(unsigned n)
{
    return 0xd63f0000u | (n << 5);
}
inline uint32_t ret()
{
    return 0xd65f03c0u;
}
inline uint32_t sysop(unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt)
{
    return 0xd5080000u | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | rt;
}
inline uint32_t tlbi(unsigned op1, unsigned crm, unsigned op2, unsigned rt = 3)
{
    return sysop(op1, 8, crm, op2, rt);
}
constexpr uint32_t kDsbIsh = 0xd5033b9fu, kIsb = 0xd5033fdfu;

class MmuTest : public A64Test
{
  public:
    unsigned grain = 12, insize = 48;
    uint64_t next = kTables, root = 0;

    MmuTest()
    {
        for (unsigned off = 0; off < 0x800; off += 0x80)
            load(kVec + off, {enc::stop()});
        for (unsigned k = 0; k < 0x1000; k += 8) {
            put64(kData + k, 0xa000000000000000ull | k);
            put64(kData2 + k, 0xb000000000000000ull | k);
        }
    }

    // ---- a translation-table builder ----
    void tables(unsigned g, unsigned in)
    {
        grain = g;
        insize = in;
        next = kTables;
        root = alloc();
    }
    uint64_t alloc()
    {
        uint64_t sz = 1ull << grain;
        next = (next + sz - 1) & ~(sz - 1);
        uint64_t t = next;
        next += sz;
        EXPECT_LE(next, kTablesEnd);
        std::memset(&ram[t - kRam], 0, sz);
        return t;
    }
    unsigned stride() const { return grain - 3; }
    unsigned start_level() const { return 4 - (insize - grain + stride() - 1) / stride(); }
    unsigned shift(unsigned l) const { return grain + stride() * (3 - l); }
    unsigned width(unsigned l) const { return l == start_level() ? insize - shift(l) : stride(); }
    uint64_t index(uint64_t va, unsigned l) const
    {
        return (va >> shift(l)) & ((1ull << width(l)) - 1);
    }
    // Map va to pa with a leaf at `level`; returns the leaf descriptor's address.
    uint64_t map(uint64_t va, uint64_t pa, unsigned level, uint64_t attrs, uint64_t table_bits = 0)
    {
        uint64_t t = root;
        for (unsigned l = start_level(); l < level; l++) {
            uint64_t a = t + index(va, l) * 8, d = ram64(a);
            if (!(d & 1)) {
                d = alloc() | 3;
                put64(a, d);
            }
            put64(a, d | table_bits);
            t = d & 0x0000fffffffff000ull & ~((1ull << grain) - 1);
        }
        uint64_t a = t + index(va, level) * 8;
        put64(a, pa | attrs | (level == 3 ? 3 : 1));
        return a;
    }
    void map_pages(uint64_t va, uint64_t pa, uint64_t len, uint64_t attrs)
    {
        for (uint64_t o = 0; o < len; o += 1ull << grain)
            map(va + o, pa + o, 3, attrs);
    }
    // Identity-map the code page, the vectors and the tables (as data).
    void map_code(uint64_t code_attrs = kNormal | AP_RW_EL1)
    {
        map_pages(kRam, kRam, 0x1000, code_attrs);
        map_pages(kVec, kVec, 0x1000, kNormal | AP_RW_EL1);
        map_pages(kTables, kTables, kTablesEnd - kTables, kNormal | AP_RW_EL1 | UXN | PXN);
    }
    uint64_t tg0() const { return grain == 12 ? 0 : grain == 16 ? 1 : 2; }
    void enable_el1(a64_core *c = nullptr, uint64_t tcr_extra = 0, uint64_t sctlr_extra = 0,
                    uint64_t asid = 0)
    {
        set_sr(SR_TTBR0_EL1, root | (asid << 48), c);
        set_sr(SR_TCR_EL1, (64 - insize) | (tg0() << 14) | (1ull << 32) | tcr_extra, c);
        set_sr(SR_MAIR_EL1, kMair, c);
        set_sr(SR_VBAR_EL1, kVec, c);
        set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1, c) | 1 | sctlr_extra, c);
    }
    // Run prog from kRam at EL1 (or `el`) until the HLT stop.
    a64_stop_info go(std::initializer_list<uint32_t> prog, unsigned el = 1, a64_core *c = nullptr)
    {
        a64_core *k = c ? c : core;
        load(kRam, prog);
        a64_state *s = a64_core_state(k);
        s->pc = kRam;
        s->el = (uint8_t)el;
        s->spsel = el ? 1 : 0;
        a64_stop_info i = run(100000, k);
        EXPECT_EQ(i.reason, A64_STOP_SEMIHOST) << i.message;
        return i;
    }
    // Two cores with kVa mapped to kData, core `b` holding the translation in its TLB;
    // then the table entry is changed to kData2 (no TLBI yet) and x3 of this core
    // holds kVa's page number for a TLBI by VA. Returns the remapped descriptor.
    uint64_t cached_on_b_then_remapped(a64_core *b)
    {
        tables(12, 48);
        map_code();
        uint64_t d = map(kVa, kData, 3, kNormal);
        enable_el1(core);
        enable_el1(b);
        a64_state *sb = a64_core_state(b);
        sb->x[1] = kVa;
        go({ldr(2, 1), enc::stop()}, 1, b);
        EXPECT_EQ(sb->x[2], ram64(kData));
        put64(d, kData2 | kNormal | 3);
        x(3) = kVa >> 12;
        return d;
    }
    bool at_vec(uint64_t vbar, unsigned off, a64_core *c = nullptr)
    {
        return a64_core_state(c ? c : core)->pc == vbar + off + 4;
    }
    uint64_t esr1() { return sr(SR_ESR_EL1); }
    static uint64_t dabt(unsigned fsc, bool wnr = false, bool lower = false, bool cm = false)
    {
        return ((uint64_t)(lower ? 0x24 : 0x25) << 26) | (1u << 25) | fsc | (wnr ? 1u << 6 : 0) |
               (cm ? 1u << 8 : 0);
    }
    static uint64_t iabt(unsigned fsc, bool lower = false)
    {
        return ((uint64_t)(lower ? 0x20 : 0x21) << 26) | (1u << 25) | fsc;
    }
};

TEST_F(MmuTest, IdRegisterAdvertisesGranulesPaRangeAndAsidBits)
{
    uint64_t v = sr(SR_MMFR0);
    EXPECT_EQ(v & 15, 1u);                        // PARange: 36 bits
    EXPECT_EQ((v >> 4) & 15, 2u);                 // ASIDBits: 16
    EXPECT_EQ((v >> 20) & 15, 1u);                // TGran16 supported
    EXPECT_EQ((v >> 24) & 15, 0u);                // TGran64 supported
    EXPECT_EQ((v >> 28) & 15, 0u);                // TGran4 supported
    EXPECT_EQ(sr(A64_SYSREG(3, 0, 0, 7, 1)), 0u); // MMFR1: no HAFDBS, VHE, PAN, HPDS, LO
    EXPECT_EQ(sr(A64_SYSREG(3, 0, 0, 7, 2)), 0u); // MMFR2: no TTST, LVA, UAO, CnP
    EXPECT_EQ(v >> 32, 0u);                       // TGranN_2, ExS, FGT, ECV: 0
    EXPECT_EQ(sr(A64_SYSREG(3, 0, 0, 6, 1)), 0u); // ISAR1: no DPB (DC CVAP), PAuth
}

// Each granule with each leaf level it allows, at several input sizes: the load
// through kVa returns the data at the mapped PA, and the debugger API agrees.
TEST_F(MmuTest, EachGranuleAndLevelTranslates)
{
    struct Case {
        unsigned grain, insize, level;
    };
    const Case cases[] = {
        {12, 48, 3}, {12, 48, 2}, {12, 48, 1}, {12, 39, 3}, {12, 39, 1}, {12, 42, 2}, {14, 48, 3},
        {14, 48, 2}, {14, 47, 3}, {14, 36, 2}, {16, 48, 3}, {16, 48, 2}, {16, 42, 3}, {16, 38, 3},
    };
    for (const Case &k : cases) {
        SCOPED_TRACE(::testing::Message()
                     << "grain " << k.grain << " insize " << k.insize << " level " << k.level);
        a64_core_reset(core);
        tables(k.grain, k.insize);
        map_code();
        uint64_t span = 1ull << shift(k.level);
        uint64_t va = (kVa & ((1ull << k.insize) - 1) & ~(span - 1)) | 0x40000000ull;
        if (va >> k.insize) va = 1ull << (k.insize - 1);
        // a block/page whose output covers kData: the block's base is aligned
        uint64_t pa_base = kData & ~(span - 1);
        map(va, pa_base, k.level, kNormal | AP_RW_EL1);
        uint64_t target = va + (kData - pa_base) + 0x18;
        enable_el1();
        x(1) = target;
        go({ldr(2, 1), enc::stop()});
        EXPECT_EQ(x(2), ram64(kData + 0x18));
        uint64_t pa = 0;
        EXPECT_EQ(0, a64_translate_debug(core, target, false, &pa));
        EXPECT_EQ(pa, kData + 0x18);
        EXPECT_EQ(-1, a64_translate_debug(core, va ^ (1ull << (k.insize - 2)), false, &pa));
    }
}

TEST_F(MmuTest, SmallestInputSizeWithCodeAtLowVa)
{
    // T0SZ = 39 (25-bit VAs): code at VA 0x1000 maps PA kRam; two-level walk.
    tables(12, 25);
    EXPECT_EQ(start_level(), 2u);
    map(0x1000, kRam, 3, kNormal);
    map(0x10000, kVec, 3, kNormal);
    map(0x1ff0000, kData, 3, kNormal);
    enable_el1();
    set_sr(SR_VBAR_EL1, 0x10000);
    load(kRam, {ldr(2, 1), enc::stop()});
    st().pc = 0x1000;
    x(1) = 0x1ff0008;
    a64_stop_info i = run();
    EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
    EXPECT_EQ(st().pc, 0x1008u);
    EXPECT_EQ(x(2), ram64(kData + 8));
    // A VA above 2^25 is outside TTBR0's range: level 0 Translation fault.
    x(1) = 1ull << 25;
    st().pc = 0x1000;
    run();
    EXPECT_EQ(st().pc, 0x10204u);
    EXPECT_EQ(esr1(), dabt(0x04));
}

TEST_F(MmuTest, Ttbr1TbiAndEpd)
{
    tables(12, 48);
    map_code();
    map(0x0000ffffff000000ull, kData, 3, kNormal); // TTBR0 side (for TBI)
    uint64_t root0 = root;
    root = alloc();
    uint64_t hi = 0xffff800000123000ull;
    map(hi, kData2, 3, kNormal);
    uint64_t root1 = root;
    root = root0;
    enable_el1(nullptr, (16ull << 16) | (2ull << 30) | (1ull << 37)); // T1SZ 16, TG1 4K, TBI0
    set_sr(SR_TTBR1_EL1, root1);
    x(1) = hi + 0x10;
    x(3) = 0x5a00ffffff000020ull; // tagged pointer (TBI0)
    go({ldr(2, 1), ldr(4, 3), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData2 + 0x10));
    EXPECT_EQ(x(4), ram64(kData + 0x20));
    // without TBI1 a tag in a TTBR1 address is a level 0 Translation fault
    x(1) = (hi + 0x10) & ~(0xffull << 56);
    go({ldr(2, 1), enc::stop()});
    EXPECT_TRUE(at_vec(kVec, 0x200));
    EXPECT_EQ(esr1(), dabt(0x04));
    EXPECT_EQ(sr(SR_FAR_EL1), x(1));
    // EPD1: a TTBR1 miss faults without a walk
    a64_core_reset(core);
    enable_el1(nullptr, (16ull << 16) | (2ull << 30) | (1ull << 23));
    set_sr(SR_TTBR1_EL1, root1);
    x(1) = hi;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x04));
}

TEST_F(MmuTest, TranslationFaultAtEachLevelAndWalkAbort)
{
    tables(12, 48);
    map_code();
    enable_el1();
    // level 0 entry empty (VA in another 512 GiB slot)
    x(1) = 0x0000800000000000ull - 0x1000;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x04));
    EXPECT_EQ(sr(SR_FAR_EL1), x(1));
    // level 1: same L0 slot as the code, another GiB
    x(1) = 0x0000000100000000ull;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x05));
    // level 2 and 3
    x(1) = kRam + 0x20000000;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x06));
    x(1) = kRam + 0x3000;
    go({str(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x07, true));
    // a table descriptor pointing outside RAM: external abort on the walk (level 2)
    uint64_t l1 = ram64(root) & 0xfffffffff000ull;
    put64(l1 + 8 * 2, 0x20000000ull | 3); // VA 0x80000000.. -> L2 table at a hole
    x(1) = 0x80000000ull;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x16));
    // reserved block at level 3 (0b01) is a Translation fault
    map(kVa, kData, 3, kNormal);
    put64(map(kVa, kData, 3, kNormal), kData | kNormal | 1);
    x(1) = kVa;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x07));
}

TEST_F(MmuTest, AccessFlagAndAddressSizeFaults)
{
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal & ~AF);
    map(kVa + 0x200000, 1ull << 36, 2, kNormal); // output above PARange (36 bits)
    enable_el1();
    x(1) = kVa + 8;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x0b)); // Access flag, level 3
    EXPECT_EQ(sr(SR_FAR_EL1), kVa + 8);
    x(1) = kVa + 0x200000;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x02)); // Address size, level 2
    // TCR.IPS = 32 bits limits outputs further: kRam is fine, 0x1'0000'0000 is not
    map(kVa + 0x400000, 0x100000000ull, 2, kNormal);
    set_sr(SR_TCR_EL1, sr(SR_TCR_EL1) & ~(7ull << 32));
    x(1) = kVa + 0x400000;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x02));
    // an instruction fetch with AF = 0 is an Instruction Abort (IFSC level 3)
    map(0x7000000000ull, kData, 3, kNormal & ~AF);
    x(5) = 0x7000000000ull;
    go({blr(5), enc::stop()});
    EXPECT_EQ(esr1(), iabt(0x0b));
    EXPECT_EQ(sr(SR_FAR_EL1), 0x7000000000ull);
    EXPECT_EQ(sr(SR_ELR_EL1), 0x7000000000ull);
}

TEST_F(MmuTest, PermissionFaults)
{
    tables(12, 48);
    map_code(kNormal | AP_RO_ALL); // code readable and executable at EL0 and EL1
    map(kVa, kData, 3, kNormal | AP_RO_EL1 | UXN | PXN);
    map(kVa + 0x1000, kData2, 3, kNormal | AP_RW_ALL | UXN);
    map(kVa + 0x2000, kData, 3, kNormal | AP_RW_EL1 | UXN | PXN);
    enable_el1();
    // store to a read-only page at EL1: Permission fault level 3, WnR
    x(1) = kVa;
    go({str(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x0f, true));
    // EL0 load from an EL1-only page: taken to EL1 from the lower EL
    x(1) = kVa + 0x2000;
    go({ldr(2, 1), enc::stop()}, 0);
    EXPECT_TRUE(at_vec(kVec, 0x400));
    EXPECT_EQ(esr1(), dabt(0x0f, false, true));
    // EL0 may use the EL0 RW page
    x(1) = kVa + 0x1000;
    go({ldr(2, 1), enc::stop()}, 0);
    EXPECT_EQ(x(2), ram64(kData2));
    // LDTR at EL1 checks EL0 permissions: the EL1-only page faults
    x(1) = kVa + 0x2000;
    go({ldtr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x0f));
    x(1) = kVa + 0x1000;
    go({ldtr(2, 1), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData2));
    // execute from an XN page: Instruction Abort, Permission, level 3
    x(5) = kVa + 0x1000;
    go({blr(5), enc::stop()});
    EXPECT_EQ(esr1(), iabt(0x0f));
    // from EL0: UXN page, an Instruction Abort from the lower EL (EC 0x20)
    x(5) = kVa + 0x1000;
    go({blr(5), enc::stop()}, 0);
    EXPECT_TRUE(at_vec(kVec, 0x400));
    EXPECT_EQ(esr1(), iabt(0x0f, true));
    EXPECT_EQ(sr(SR_FAR_EL1), kVa + 0x1000);
    // EL1 never executes a page writable at EL0 (even with PXN = 0)
    map(kVa + 0x3000, kData, 3, kNormal | AP_RW_ALL);
    x(5) = kVa + 0x3000;
    go({blr(5), enc::stop()});
    EXPECT_EQ(esr1(), iabt(0x0f));
    // APTable[1] makes a whole subtree read-only
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal | AP_RW_EL1, 2ull << 61);
    enable_el1();
    x(1) = kVa;
    go({ldr(2, 1), str(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x0f, true));
}

TEST_F(MmuTest, WxnMakesWritablePagesExecuteNever)
{
    tables(12, 48);
    map_code(kNormal | AP_RO_EL1);
    map_pages(kVec, kVec, 0x1000, kNormal | AP_RO_EL1); // vectors stay executable
    map(kVa, kRam + 0x2000, 3, kNormal | AP_RW_EL1);
    load(kRam + 0x2000, {ret()});
    enable_el1();
    x(5) = kVa;
    go({blr(5), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 8); // returned: executable without WXN
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) | (1u << 19));
    go({blr(5), enc::stop()});
    EXPECT_EQ(esr1(), iabt(0x0f));
}

TEST_F(MmuTest, ExternalAbortOnUnmappedPaAndMmioThroughTranslation)
{
    tables(12, 48);
    map_code();
    map(kVa, 0x20000000, 3, kNormal);                   // no RAM, no device
    map(kVa + 0x1000, 0x09000000, 3, AF | ATTR_DEVICE); // the test MMIO window
    enable_el1();
    x(1) = kVa + 0x10;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x10));
    EXPECT_EQ(sr(SR_FAR_EL1), kVa + 0x10);
    x(1) = kVa + 0x1008;
    go({ldr(2, 1), enc::stop()});
    ASSERT_EQ(mmio.size(), 1u);
    EXPECT_EQ(mmio[0].pa, 0x09000008u);
    EXPECT_EQ(x(2), mmio_read_value);
}

TEST_F(MmuTest, AlignmentAndMemoryTypes)
{
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal);
    map(kVa + 0x1000, kData2, 3, AF | ATTR_DEVICE);
    enable_el1();
    // Normal memory: an unaligned load is fine
    x(1) = kVa + 3;
    go({ldr(2, 1), enc::stop()});
    uint64_t want;
    std::memcpy(&want, &ram[kData + 3 - kRam], 8);
    EXPECT_EQ(x(2), want);
    // Device memory: Alignment fault
    x(1) = kVa + 0x1003;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x21));
    // SCTLR_EL1.A: alignment checked on Normal memory too
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) | 2);
    x(1) = kVa + 3;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x21));
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) & ~2ull);
    // exclusives and atomics must be aligned whatever the type
    x(1) = kVa + 4;
    go({ldxr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x21));
    go({ldadd(3, 2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x21, true));
}

TEST_F(MmuTest, PageCrossingAccesses)
{
    tables(12, 48);
    map_code();
    // two consecutive VA pages on non-consecutive PA pages
    map(kVa, kData + 0x1000, 3, kNormal);
    map(kVa + 0x1000, kData2, 3, kNormal);
    map(kVa + 0x3000, kData, 3, kNormal | AP_RO_EL1);
    enable_el1();
    put64(kData + 0x1ff8, 0x8877665544332211ull);
    put64(kData2, 0xffeeddccbbaa9988ull);
    x(1) = kVa + 0xffc;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(x(2), 0xbbaa998888776655ull);
    x(3) = 0x0102030405060708ull;
    go({str(3, 1), enc::stop()});
    EXPECT_EQ(ram32(kData + 0x1ffc), 0x05060708u);
    EXPECT_EQ(ram32(kData2), 0x01020304u);
    // second half unmapped: the fault names the first byte of the second page,
    // and the store wrote nothing
    x(1) = kVa + 0x1ffc;
    uint32_t before = ram32(kData2 + 0xffc);
    go({str(3, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x07, true));
    EXPECT_EQ(sr(SR_FAR_EL1), kVa + 0x2000);
    EXPECT_EQ(ram32(kData2 + 0xffc), before);
    // second half read-only: Permission fault on a store
    put64(map(kVa + 0x2000, kData, 3, kNormal | AP_RO_EL1), kData | kNormal | AP_RO_EL1 | 3);
    go({str(3, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x0f, true));
    EXPECT_EQ(ram32(kData2 + 0xffc), before);
}

TEST_F(MmuTest, MmuOffDataIsDeviceFetchIsNormal)
{
    // Stage 1 off: unaligned data faults, VA above the PA size is an Address size
    // fault at level 0, fetch works.
    x(1) = kData + 1;
    set_sr(SR_VBAR_EL1, kVec);
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x21));
    x(1) = 1ull << 40;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x00));
}

// ASID-tagged and global entries: a descriptor changed without TLBI keeps the
// cached translation until a TLBI that names it.
TEST_F(MmuTest, AsidAndGlobalEntries)
{
    tables(12, 48);
    map_code();
    uint64_t d_ng = map(kVa, kData, 3, kNormal | NG);
    uint64_t d_g = map(kVa + 0x1000, kData, 3, kNormal);
    enable_el1(nullptr, 1ull << 36, 0, 0x1234); // AS = 16 bits, ASID 0x1234
    x(1) = kVa;
    x(4) = kVa + 0x1000;
    go({ldr(2, 1), ldr(6, 4), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData));
    put64(d_ng, kData2 | kNormal | NG | 3);
    put64(d_g, kData2 | kNormal | 3);
    // TLBI ASIDE1 of another ASID: nothing; of this ASID: the nG page only
    x(3) = 0x5678ull << 48;
    go({tlbi(0, 7, 2), kDsbIsh, ldr(2, 1), ldr(6, 4), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData));
    EXPECT_EQ(x(6), ram64(kData));
    x(3) = 0x1234ull << 48;
    go({tlbi(0, 7, 2), kDsbIsh, ldr(2, 1), ldr(6, 4), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData2));
    EXPECT_EQ(x(6), ram64(kData)); // global: ASIDE1 does not touch it
    // TLBI VAE1 with any ASID removes a global entry
    x(3) = (0x9999ull << 48) | ((kVa + 0x1000) >> 12);
    go({tlbi(0, 7, 1), kDsbIsh, ldr(6, 4), enc::stop()});
    EXPECT_EQ(x(6), ram64(kData2));
    // 8-bit ASIDs: bits [15:8] of the operand are ignored
    put64(d_ng, kData | kNormal | NG | 3);
    set_sr(SR_TCR_EL1, sr(SR_TCR_EL1) & ~(1ull << 36));
    go({ldr(2, 1), enc::stop()}); // refill with ASID 0x34
    put64(d_ng, kData2 | kNormal | NG | 3);
    x(3) = (0xab34ull << 48) | (kVa >> 12);
    go({tlbi(0, 7, 1), kDsbIsh, ldr(2, 1), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData2));
    // TCR_EL1.A1 = 1: the ASID is TTBR1_EL1's, TTBR0_EL1's (0x1234) names nothing
    put64(d_ng, kData | kNormal | NG | 3);
    set_sr(SR_TCR_EL1, sr(SR_TCR_EL1) | (1ull << 36) | (1ull << 22));
    set_sr(SR_TTBR1_EL1, 0x4321ull << 48);
    go({ldr(2, 1), enc::stop()}); // cached with ASID 0x4321
    EXPECT_EQ(x(2), ram64(kData));
    put64(d_ng, kData2 | kNormal | NG | 3);
    x(3) = 0x1234ull << 48;
    go({tlbi(0, 7, 2), kDsbIsh, ldr(2, 1), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData));
    x(3) = 0x4321ull << 48;
    go({tlbi(0, 7, 2), kDsbIsh, ldr(2, 1), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData2));
}

struct TlbiCase {
    const char *name;
    unsigned op1, crm, op2;
    bool by_va, asid_other, expect_new;
};

// Every EL1&0 TLBI form against a cached non-global translation of ASID 5.
TEST_F(MmuTest, EveryEl1TlbiForm)
{
    const TlbiCase cases[] = {
        {"VMALLE1", 0, 7, 0, false, false, true},
        {"VMALLE1IS", 0, 3, 0, false, false, true},
        {"VAE1", 0, 7, 1, true, false, true},
        {"VAE1IS", 0, 3, 1, true, false, true},
        {"VAE1 other ASID", 0, 7, 1, true, true, false},
        {"VALE1", 0, 7, 5, true, false, true},
        {"VALE1IS", 0, 3, 5, true, false, true},
        {"ASIDE1", 0, 7, 2, false, false, true},
        {"ASIDE1IS", 0, 3, 2, false, false, true},
        {"ASIDE1 other", 0, 7, 2, false, true, false},
        {"VAAE1", 0, 7, 3, true, true, true},
        {"VAAE1IS", 0, 3, 3, true, true, true},
        {"VAALE1", 0, 7, 7, true, true, true},
        {"VAALE1IS", 0, 3, 7, true, true, true},
    };
    for (const TlbiCase &k : cases) {
        SCOPED_TRACE(k.name);
        a64_core_reset(core);
        tables(12, 48);
        map_code();
        uint64_t d = map(kVa, kData, 3, kNormal | NG);
        map(kVa + 0x200000, kData, 3, kNormal | NG); // another VA: VA forms leave it
        enable_el1(nullptr, 0, 0, 5);
        x(1) = kVa;
        x(4) = kVa + 0x200000;
        go({ldr(2, 1), enc::stop()});
        put64(d, kData2 | kNormal | NG | 3);
        x(3) = ((k.asid_other ? 7ull : 5ull) << 48) | (k.by_va ? (kVa + 0x200000) >> 12 : 0);
        // by VA: first a TLBI of the other VA (must not affect kVa)
        if (k.by_va) {
            go({tlbi(k.op1, k.crm, k.op2), kDsbIsh, ldr(2, 1), enc::stop()});
            EXPECT_EQ(x(2), ram64(kData));
            x(3) = (x(3) & ~0xfffffffffffull) | (kVa >> 12);
        }
        go({tlbi(k.op1, k.crm, k.op2), kDsbIsh, ldr(2, 1), enc::stop()});
        EXPECT_EQ(x(2), k.expect_new ? ram64(kData2) : ram64(kData));
    }
}

// Inner Shareable forms reach every core; the local forms do not.
TEST_F(MmuTest, InnerShareableTlbiIsSeenByAnotherCore)
{
    a64_core *b = add_core(default_cfg());
    uint64_t d = cached_on_b_then_remapped(b);
    a64_state *sb = a64_core_state(b);
    go({tlbi(0, 7, 1), kDsbIsh, enc::stop()}); // local VAE1 on core 0
    go({ldr(2, 1), enc::stop()}, 1, b);
    EXPECT_EQ(sb->x[2], ram64(kData));         // b still uses its cached entry
    go({tlbi(0, 3, 1), kDsbIsh, enc::stop()}); // VAE1IS
    go({ldr(2, 1), enc::stop()}, 1, b);
    EXPECT_EQ(sb->x[2], ram64(kData2));
    // VMALLE1IS too
    put64(d, kData | kNormal | 3);
    go({tlbi(0, 3, 0), kDsbIsh, enc::stop()});
    go({ldr(2, 1), enc::stop()}, 1, b);
    EXPECT_EQ(sb->x[2], ram64(kData));
}

// EL2 and EL3 regimes: translation with TTBR0_ELx/TCR_ELx, and their TLBI forms
// (the EL1 forms do not touch them).
TEST_F(MmuTest, El2AndEl3RegimesAndTheirTlbiForms)
{
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = cfg.have_el3 = true;
    cfg.reset_el = 3;
    a64_core *c = add_core(cfg);
    core = c;
    struct R {
        unsigned el;
        uint32_t ttbr, tcr, mair, sctlr, vbar, esr;
        unsigned op1;
    };
    const R regimes[] = {
        {3, SR_TTBR0_EL3, SR_TCR_EL3, SR_MAIR_EL3, SR_SCTLR_EL3, SR_VBAR_EL3, SR_ESR_EL3, 6},
        {2, SR_TTBR0_EL2, SR_TCR_EL2, SR_MAIR_EL2, SR_SCTLR_EL2, SR_VBAR_EL2, SR_ESR_EL2, 4},
    };
    for (const R &r : regimes) {
        SCOPED_TRACE(r.el);
        a64_core_reset(c);
        if (r.el == 2) set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1); // Non-secure: EL2 enabled
        for (unsigned g : {12u, 14u, 16u}) {
            tables(g, 40);
            map_code();
            uint64_t d = map(kVa & ((1ull << 40) - 1), kData, 3, kNormal);
            map(0x10000000, kData, 3, kNormal | AP_RO_EL1);
            set_sr(r.ttbr, root);
            set_sr(r.tcr, 24 | (tg0() << 14) | (1ull << 16));
            set_sr(r.mair, kMair);
            set_sr(r.vbar, kVec);
            set_sr(r.sctlr, sr(r.sctlr) | 1);
            x(1) = kVa & ((1ull << 40) - 1);
            go({ldr(2, 1), enc::stop()}, r.el);
            EXPECT_EQ(x(2), ram64(kData));
            put64(d, kData2 | kNormal | 3);
            // EL1 forms leave this regime alone
            go({tlbi(0, 7, 0), tlbi(4, 7, 4), kDsbIsh, ldr(2, 1), enc::stop()}, r.el);
            EXPECT_EQ(x(2), ram64(kData));
            // Each of this regime's forms drops the entry: the page is remapped to the
            // other PA before each one, and the load after it sees the new mapping.
            x(3) = x(1) >> 12;
            const struct {
                unsigned crm, op2;
                const char *name;
            } forms[] = {{7, 1, "VAE"},  {3, 5, "VALEIS"}, {3, 0, "ALLEIS"},
                         {7, 0, "ALLE"}, {3, 1, "VAEIS"},  {7, 5, "VALE"}};
            uint64_t pa = kData;
            for (const auto &f : forms) {
                pa = pa == kData ? kData2 : kData;
                put64(d, pa | kNormal | 3);
                go({tlbi(r.op1, f.crm, f.op2), kDsbIsh, ldr(2, 1), enc::stop()}, r.el);
                EXPECT_EQ(x(2), ram64(pa)) << "TLBI " << f.name << " at EL" << r.el;
            }
            // a store to a read-only page faults at this EL
            x(1) = 0x10000000;
            go({str(2, 1), enc::stop()}, r.el);
            EXPECT_EQ(sr(r.esr), dabt(0x0f, true));
            // and so does a branch to an unmapped page (Instruction Abort, level 3)
            x(5) = 0x10000000 + (1ull << grain);
            go({blr(5), enc::stop()}, r.el);
            EXPECT_EQ(sr(r.esr), iabt(0x07));
            set_sr(r.sctlr, sr(r.sctlr) & ~1ull);
        }
    }
    // ALLE1(IS), VMALLS12E1(IS) from EL2 clear EL1&0 entries; IPAS2E1(IS) and
    // IPAS2LE1(IS) are accepted (no stage 2)
    a64_core_reset(c);
    tables(12, 48);
    map_code();
    uint64_t d = map(kVa, kData, 3, kNormal);
    enable_el1(c);
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    set_sr(SR_VBAR_EL2, kVec);
    for (unsigned crm_op2 : {0x74u, 0x34u, 0x76u, 0x36u}) {
        x(1) = kVa;
        put64(d, kData | kNormal | 3);
        go({tlbi(0, 7, 0), kDsbIsh, ldr(2, 1), enc::stop()}, 1);
        EXPECT_EQ(x(2), ram64(kData));
        put64(d, kData2 | kNormal | 3);
        go({tlbi(4, 0, 1), tlbi(4, 4, 1), tlbi(4, 0, 5), tlbi(4, 4, 5),
            tlbi(4, crm_op2 >> 4, crm_op2 & 15), kDsbIsh, enc::stop()},
           2);
        go({ldr(2, 1), enc::stop()}, 1);
        EXPECT_EQ(x(2), ram64(kData2)) << crm_op2;
    }
}

// TLB maintenance that is UNDEFINED, and the HCR_EL2.TTLB trap of every EL1 form
// to EL2 (Arm ARM C5.5 TLBI pseudocode, D17.2.48 HCR_EL2.TTLB), with the whole
// syndrome (D17.2.37: EC 0x00 with IL 1 and ISS 0; EC 0x18 with the instruction's
// Op0/Op1/CRn/CRm/Op2/Rt and Direction 0), the target EL and ELR. FEAT_EVT is not
// advertised (ID_AA64MMFR2_EL1.EVT = 0), so HCR_EL2.TTLBIS [52] and TTLBOS [53] do
// not exist and trap nothing; FEAT_TLBIOS and FEAT_TLBIRANGE are not either
// (ID_AA64ISAR0_EL1.TLB = 0), so the Outer Shareable and range forms are UNDEFINED.
TEST_F(MmuTest, TlbiTrapsAndUndefined)
{
    constexpr uint64_t kJunk = 0x5a5a5a5aull; // proves an ESR was written
    constexpr uint64_t kTtlb = 1ull << 25, kTge = 1ull << 27;
    EXPECT_EQ((sr(A64_SYSREG(3, 0, 0, 7, 2)) >> 56) & 15, 0u); // MMFR2.EVT
    EXPECT_EQ((sr(SR_ID_AA64ISAR0_EL1) >> 56) & 15, 0u);       // ISAR0.TLB
    struct Undef {
        const char *name;
        unsigned op1, crm, op2, from, to, vec;
    };
    // Run `tlbi` at `from` after a NOP; it must be UNDEFINED, taken to `to`.
    auto check_undef = [&](const Undef &u) {
        SCOPED_TRACE(u.name);
        const uint32_t esr_to = u.to == 1 ? SR_ESR_EL1 : SR_ESR_EL2;
        set_sr(SR_ESR_EL1, kJunk);
        if (u.to == 2) set_sr(SR_ESR_EL2, kJunk);
        go({enc::nop(), tlbi(u.op1, u.crm, u.op2), enc::stop()}, u.from);
        EXPECT_TRUE(at_vec(kVec, u.vec));
        EXPECT_EQ(st().el, u.to);
        EXPECT_EQ(sr(esr_to), esr::kUndef);
        EXPECT_EQ(sr(u.to == 1 ? SR_ELR_EL1 : SR_ELR_EL2), kRam + 4);
        if (u.to == 2) {
            EXPECT_EQ(sr(SR_ESR_EL1), kJunk);
        }
    };
    // Only EL1 implemented.
    set_sr(SR_VBAR_EL1, kVec);
    const Undef el1_only[] = {
        {"ALLE2 at EL1 without EL2", 4, 7, 0, 1, 1, 0x200},
        {"VAE2IS at EL1 without EL2", 4, 3, 1, 1, 1, 0x200},
        {"ALLE3 at EL1 without EL3", 6, 7, 0, 1, 1, 0x200},
        {"VMALLE1 at EL0", 0, 7, 0, 0, 1, 0x400},
        {"VAE1IS at EL0", 0, 3, 1, 0, 1, 0x400},
        {"VMALLE1OS (no FEAT_TLBIOS)", 0, 1, 0, 1, 1, 0x200},
        {"RVAE1 (no FEAT_TLBIRANGE)", 0, 6, 1, 1, 1, 0x200},
        {"RVAE1IS (no FEAT_TLBIRANGE)", 0, 2, 1, 1, 1, 0x200},
        {"unallocated op2 4", 0, 7, 4, 1, 1, 0x200},
        {"unallocated CRm 0 at op1 0", 0, 0, 1, 1, 1, 0x200},
    };
    for (const Undef &u : el1_only)
        check_undef(u);

    // EL2 and EL3 implemented; Non-secure below EL3, so EL2 is enabled.
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = cfg.have_el3 = true;
    cfg.reset_el = 3;
    core = add_core(cfg);
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    set_sr(SR_VBAR_EL1, kVec);
    set_sr(SR_VBAR_EL2, kVec);
    set_sr(SR_HCR_EL2, sr(SR_HCR_EL2) | kTtlb);
    // UNDEFINED comes before the EL2 trap: TTLB covers only EL1 forms executed at EL1.
    const Undef with_el2[] = {
        {"ALLE2 at EL1", 4, 7, 0, 1, 1, 0x200},     {"VMALLS12E1IS at EL1", 4, 3, 6, 1, 1, 0x200},
        {"ALLE3 at EL2", 6, 7, 0, 2, 2, 0x200},     {"VMALLE1 at EL0", 0, 7, 0, 0, 1, 0x400},
        {"VMALLE1OS at EL1", 0, 1, 0, 1, 1, 0x200},
    };
    for (const Undef &u : with_el2)
        check_undef(u);
    // HCR_EL2.TGE routes EL0's UNDEFINED exception to EL2.
    set_sr(SR_HCR_EL2, sr(SR_HCR_EL2) | kTge);
    check_undef({"VMALLE1 at EL0 under TGE", 0, 7, 0, 0, 2, 0x400});
    set_sr(SR_HCR_EL2, sr(SR_HCR_EL2) & ~kTge);

    // Every EL1 form at EL1 traps to EL2 with its own encoding and Rt (XZR too).
    const struct {
        const char *name;
        unsigned crm, op2, rt;
    } el1_forms[] = {
        {"VMALLE1", 7, 0, 31}, {"VMALLE1IS", 3, 0, 0}, {"VAE1", 7, 1, 3},    {"VAE1IS", 3, 1, 17},
        {"ASIDE1", 7, 2, 4},   {"ASIDE1IS", 3, 2, 30}, {"VAAE1", 7, 3, 5},   {"VAAE1IS", 3, 3, 6},
        {"VALE1", 7, 5, 8},    {"VALE1IS", 3, 5, 9},   {"VAALE1", 7, 7, 10}, {"VAALE1IS", 3, 7, 29},
    };
    for (const auto &f : el1_forms) {
        SCOPED_TRACE(f.name);
        set_sr(SR_ESR_EL1, kJunk);
        set_sr(SR_ESR_EL2, kJunk);
        go({enc::nop(), tlbi(0, f.crm, f.op2, f.rt), enc::stop()}, 1);
        EXPECT_TRUE(at_vec(kVec, 0x400)); // lower EL, AArch64
        EXPECT_EQ(st().el, 2u);
        EXPECT_EQ(sr(SR_ESR_EL2), esr::sys(1, 0, 8, f.crm, f.op2, f.rt, false));
        EXPECT_EQ(sr(SR_ELR_EL2), kRam + 4);
        EXPECT_EQ(sr(SR_SPSR_EL2) & 0xf, 5u); // from EL1h
        EXPECT_EQ(sr(SR_ESR_EL1), kJunk);
    }
    // TTLB does not trap at EL2, nor at EL1 when EL2 is not enabled (Secure).
    go({enc::nop(), tlbi(0, 7, 0), enc::stop()}, 2);
    EXPECT_EQ(st().pc, kRam + 12);
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) & ~1ull);
    go({enc::nop(), tlbi(0, 3, 0), enc::stop()}, 1);
    EXPECT_EQ(st().pc, kRam + 12);
    EXPECT_EQ(st().el, 1u);
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    // HCR_EL2 bits 52/53 (TTLBIS/TTLBOS with FEAT_EVT) do not trap the IS form.
    set_sr(SR_HCR_EL2, (sr(SR_HCR_EL2) & ~kTtlb) | (3ull << 52));
    go({enc::nop(), tlbi(0, 3, 0), enc::stop()}, 1);
    EXPECT_EQ(st().pc, kRam + 12);
    EXPECT_EQ(st().el, 1u);

    // A trapped TLBI has no effect: the cached translation stays until EL2's TLBI.
    set_sr(SR_HCR_EL2, (sr(SR_HCR_EL2) & ~(3ull << 52)) | kTtlb);
    tables(12, 48);
    map_code();
    uint64_t d = map(kVa, kData, 3, kNormal);
    enable_el1();
    x(1) = kVa;
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData));
    put64(d, kData2 | kNormal | 3);
    go({tlbi(0, 7, 0, 31), kDsbIsh, enc::stop()});
    EXPECT_EQ(st().el, 2u);
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData)); // still the old translation
    go({tlbi(0, 7, 0, 31), kDsbIsh, enc::stop()}, 2);
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData2));
}

TEST_F(MmuTest, AddressTranslationInstructions)
{
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal | AP_RO_EL1);
    map(kVa + 0x1000, kData2, 3, AF | ATTR_DEVICE | AP_RW_ALL);
    enable_el1();
    x(1) = kVa + 0x123;
    go({sysop(0, 7, 8, 0, 1), enc::stop()}); // AT S1E1R
    uint64_t par = sr(SR_PAR_EL1);
    EXPECT_EQ(par & 1, 0u);
    EXPECT_EQ(par & 0xfffffffff000ull, kData);
    EXPECT_EQ(par >> 56, 0xffu);             // MAIR attribute 0
    EXPECT_EQ((par >> 7) & 3, 3u);           // Inner Shareable
    go({sysop(0, 7, 8, 1, 1), enc::stop()}); // AT S1E1W: read-only
    par = sr(SR_PAR_EL1);
    EXPECT_EQ(par & 1, 1u);
    EXPECT_EQ((par >> 1) & 0x3f, 0x0fu);     // FST: Permission, level 3
    go({sysop(0, 7, 8, 2, 1), enc::stop()}); // AT S1E0R: EL1-only
    EXPECT_EQ((sr(SR_PAR_EL1) >> 1) & 0x3f, 0x0fu);
    x(1) = kVa + 0x1010;
    go({sysop(0, 7, 8, 3, 1), enc::stop()}); // AT S1E0W: EL0 RW Device
    par = sr(SR_PAR_EL1);
    EXPECT_EQ(par & 1, 0u);
    EXPECT_EQ(par >> 56, 0u);
    EXPECT_EQ(par & 0xfffffffff000ull, kData2);
    x(1) = kVa + 0x5000;
    go({sysop(0, 7, 8, 0, 1), enc::stop()}); // unmapped: Translation fault level 3
    EXPECT_EQ(sr(SR_PAR_EL1), 1u | (0x07u << 1) | (1u << 11));
    EXPECT_EQ(esr1(), 0u); // AT never takes an exception
    // AT S1E2R / S1E3R translate in the EL2 / EL3 regimes (stage 1 off there)
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = cfg.have_el3 = true;
    cfg.reset_el = 3;
    core = add_core(cfg);
    x(1) = kData + 8;
    go({sysop(4, 7, 8, 0, 1), enc::stop()}, 3);
    EXPECT_EQ(sr(SR_PAR_EL1) & 0xfffffffff001ull, kData);
    go({sysop(6, 7, 8, 1, 1), enc::stop()}, 3);
    EXPECT_EQ(sr(SR_PAR_EL1) & 0xfffffffff001ull, kData);
}

// AT S1E2R/W and S1E3R/W with the EL2 and EL3 regimes' stage 1 on, and S12E1R/W,
// S12E0R/W from EL2, which are S1E1R/W and S1E0R/W here (no stage 2).
TEST_F(MmuTest, AddressTranslationInEveryRegime)
{
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = cfg.have_el3 = true;
    cfg.reset_el = 3;
    core = add_core(cfg);
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1); // Non-secure below EL3: EL2 enabled
    tables(12, 40);
    map_code();
    const uint64_t ro = 0x20000000, rw0 = 0x20001000, mask = 0xfffffffff001ull;
    map(ro, kData, 3, kNormal | AP_RO_EL1);
    map(rw0, kData2, 3, kNormal | AP_RW_ALL);
    const uint64_t perm = 1u | (0x0fu << 1) | (1u << 11); // F, FST Permission level 3
    const uint64_t trans = 1u | (0x07u << 1) | (1u << 11);
    struct R {
        uint32_t ttbr, tcr, mair, sctlr;
        unsigned op1;
    };
    for (const R &r : {R{SR_TTBR0_EL2, SR_TCR_EL2, SR_MAIR_EL2, SR_SCTLR_EL2, 4},
                       R{SR_TTBR0_EL3, SR_TCR_EL3, SR_MAIR_EL3, SR_SCTLR_EL3, 6}}) {
        SCOPED_TRACE(r.op1);
        set_sr(r.ttbr, root);
        set_sr(r.tcr, 24 | (1ull << 16)); // T0SZ 24, 4 KiB, PS 36 bits
        set_sr(r.mair, kMair);
        set_sr(r.sctlr, sr(r.sctlr) | 1);
        x(1) = ro + 0x18;
        go({sysop(r.op1, 7, 8, 0, 1), enc::stop()}, 3); // AT S1E<n>R
        EXPECT_EQ(sr(SR_PAR_EL1) & mask, kData);
        EXPECT_EQ(sr(SR_PAR_EL1) >> 56, 0xffu);
        go({sysop(r.op1, 7, 8, 1, 1), enc::stop()}, 3); // AT S1E<n>W: read-only
        EXPECT_EQ(sr(SR_PAR_EL1), perm);
        x(1) = ro + 0x5000;
        go({sysop(r.op1, 7, 8, 0, 1), enc::stop()}, 3);
        EXPECT_EQ(sr(SR_PAR_EL1), trans);
    }
    enable_el1();
    x(1) = ro + 0x18;
    go({sysop(4, 7, 8, 4, 1), enc::stop()}, 2); // AT S12E1R
    EXPECT_EQ(sr(SR_PAR_EL1) & mask, kData);
    go({sysop(4, 7, 8, 5, 1), enc::stop()}, 2); // AT S12E1W: read-only
    EXPECT_EQ(sr(SR_PAR_EL1), perm);
    go({sysop(4, 7, 8, 6, 1), enc::stop()}, 2); // AT S12E0R: EL1-only page
    EXPECT_EQ(sr(SR_PAR_EL1), perm);
    x(1) = rw0 + 8;
    go({sysop(4, 7, 8, 7, 1), enc::stop()}, 2); // AT S12E0W: EL0 read/write
    EXPECT_EQ(sr(SR_PAR_EL1) & mask, kData2);
    // the S12 forms need EL2: UNDEFINED at EL1
    go({sysop(4, 7, 8, 4, 1), enc::stop()}, 1);
    EXPECT_TRUE(at_vec(kVec, 0x200));
    EXPECT_EQ(esr1(), esr::kUndef);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam);
}

TEST_F(MmuTest, DcZvaAndCacheMaintenanceByVa)
{
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal);
    map(kVa + 0x1000, kData2, 3, AF | ATTR_DEVICE);
    map(kVa + 0x2000, kData, 3, kNormal | AP_RO_EL1);
    enable_el1();
    x(1) = kVa + 0x47; // inside the 64-byte block at 0x40
    go({sysop(3, 7, 4, 1, 1), enc::stop()});
    for (unsigned k = 0x40; k < 0x80; k += 8)
        EXPECT_EQ(ram64(kData + k), 0u) << k;
    EXPECT_NE(ram64(kData + 0x38), 0u);
    EXPECT_NE(ram64(kData + 0x80), 0u);
    x(1) = kVa + 0x1040; // Device: Alignment fault
    go({sysop(3, 7, 4, 1, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x21, true));
    x(1) = kVa + 0x2040; // read-only: Permission fault, a write
    go({sysop(3, 7, 4, 1, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x0f, true));
    // DC CIVAC on an unmapped VA: Translation fault with CM = 1, WnR = 1
    x(1) = kVa + 0x7000;
    go({sysop(3, 7, 14, 1, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x07, true, false, true));
    EXPECT_EQ(sr(SR_FAR_EL1), kVa + 0x7000);
    // DC CVAC on a read-only page is fine; DC IVAC needs write permission
    x(1) = kVa + 0x2000;
    go({sysop(3, 7, 10, 1, 1), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 8);
    go({sysop(0, 7, 6, 1, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x0f, true, false, true));
    // set/way operations are accepted at EL1
    go({sysop(0, 7, 14, 2, 31), sysop(0, 7, 10, 2, 31), sysop(0, 7, 6, 2, 31), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 16);
    // DC CVAU translates like a load: fine on the read-only page, a fault when unmapped
    go({sysop(3, 7, 11, 1, 1), enc::stop()});
    EXPECT_EQ(st().pc, kRam + 8);
    x(1) = kVa + 0x7008;
    go({sysop(3, 7, 11, 1, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x07, true, false, true));
    EXPECT_EQ(sr(SR_FAR_EL1), kVa + 0x7008);
    // DC CVAP without FEAT_DPB (ID_AA64ISAR1_EL1.DPB = 0): UNDEFINED
    x(1) = kVa;
    go({sysop(3, 7, 12, 1, 1), enc::stop()});
    EXPECT_TRUE(at_vec(kVec, 0x200));
    EXPECT_EQ(esr1(), esr::kUndef);
    EXPECT_EQ(sr(SR_ELR_EL1), kRam);
}

// Cache maintenance at EL0 (Arm ARM C5.3, D17.2 SCTLR_EL1.UCI/DZE): DC ZVA traps
// unless SCTLR_EL1.DZE, DC CVAC/CVAU/CIVAC and IC IVAU unless SCTLR_EL1.UCI, with
// EC 0x18 and the instruction's encoding; to EL2 under HCR_EL2.TGE (no VHE here),
// where DCZID_EL0.DZP still reads 1. The EL1-only forms are UNDEFINED at EL0.
TEST_F(MmuTest, CacheMaintenanceAtEl0TrapsOrIsUndefined)
{
    constexpr uint64_t kUci = 1ull << 26, kDze = 1ull << 14, kJunk = 0x5a5a5a5aull;
    struct Op {
        const char *name;
        unsigned op1, crm, op2;
        uint64_t enable; // the SCTLR_EL1 bit that lets EL0 run it; 0: UNDEFINED at EL0
    };
    const Op ops[] = {
        {"DC ZVA", 3, 4, 1, kDze},    {"DC CVAC", 3, 10, 1, kUci}, {"DC CVAU", 3, 11, 1, kUci},
        {"DC CIVAC", 3, 14, 1, kUci}, {"IC IVAU", 3, 5, 1, kUci},  {"DC IVAC", 0, 6, 1, 0},
        {"DC CISW", 0, 14, 2, 0},     {"IC IALLU", 0, 5, 0, 0},    {"IC IALLUIS", 0, 1, 0, 0},
    };
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = true;
    cfg.reset_el = 2;
    core = add_core(cfg);
    set_sr(SR_VBAR_EL1, kVec);
    set_sr(SR_VBAR_EL2, kVec);
    const uint32_t kDczid = A64_SYSREG(3, 3, 0, 0, 7);
    for (bool tge : {false, true}) {
        set_sr(SR_HCR_EL2, tge ? sr(SR_HCR_EL2) | (1ull << 27) : sr(SR_HCR_EL2) & ~(1ull << 27));
        const unsigned to = tge ? 2 : 1;
        for (const Op &o : ops) {
            SCOPED_TRACE(std::string(o.name) + (tge ? " under TGE" : ""));
            set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) & ~(kUci | kDze));
            set_sr(SR_ESR_EL1, kJunk);
            set_sr(SR_ESR_EL2, kJunk);
            x(7) = kData; // MMU off: the VA is the PA (Device memory, so DC ZVA faults)
            if (o.enable == kDze) {
                go({enc::mrs(9, kDczid), enc::stop()}, 0);
                EXPECT_EQ(x(9), 0x14u); // DZP = 1, BS = 4 (64 bytes)
            }
            go({enc::nop(), sysop(o.op1, 7, o.crm, o.op2, 7), enc::stop()}, 0);
            EXPECT_TRUE(at_vec(kVec, 0x400));
            EXPECT_EQ(st().el, to);
            EXPECT_EQ(sr(to == 1 ? SR_ELR_EL1 : SR_ELR_EL2), kRam + 4);
            EXPECT_EQ(sr(to == 1 ? SR_ESR_EL1 : SR_ESR_EL2),
                      o.enable ? esr::sys(1, o.op1, 7, o.crm, o.op2, 7, false) : esr::kUndef);
            EXPECT_EQ(sr(to == 1 ? SR_ESR_EL2 : SR_ESR_EL1), kJunk);
            if (!o.enable) continue;
            // Enabled: it executes (DC ZVA on Device memory: an Alignment fault instead).
            set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) | o.enable);
            go({enc::nop(), sysop(o.op1, 7, o.crm, o.op2, 7), enc::stop()}, 0);
            if (o.enable == kDze) {
                EXPECT_EQ(sr(to == 1 ? SR_ESR_EL1 : SR_ESR_EL2), dabt(0x21, true, true));
                go({enc::mrs(9, kDczid), enc::stop()}, 0);
                EXPECT_EQ(x(9), 4u);
            } else {
                EXPECT_EQ(st().pc, kRam + 12);
            }
        }
    }
}

// HCR_EL2's maintenance controls (Arm ARM D17.2 HCR_EL2): TSW (set/way), TPC (to the
// Point of Coherency), TPU (to the Point of Unification) and TDZ (DC ZVA) trap EL1,
// and EL0 where the instruction exists there, to EL2 with EC 0x18; SCTLR_EL1's EL0
// control comes first; EL2 itself is never trapped; DCZID_EL0.DZP reads 1 under TDZ.
TEST_F(MmuTest, HcrMaintenanceTrapsToEl2)
{
    constexpr uint64_t TSW = 1ull << 22, TPC = 1ull << 23, TPU = 1ull << 24, TDZ = 1ull << 28;
    constexpr uint64_t kUci = 1ull << 26, kDze = 1ull << 14, kJunk = 0x5a5a5a5aull;
    struct Op {
        const char *name;
        unsigned op1, crm, op2;
        uint64_t bit, el0_enable; // the HCR_EL2 trap; SCTLR_EL1 bit for EL0 (0: EL1 only)
    };
    const Op ops[] = {
        {"DC ISW", 0, 6, 2, TSW, 0},      {"DC CSW", 0, 10, 2, TSW, 0},
        {"DC CISW", 0, 14, 2, TSW, 0},    {"DC IVAC", 0, 6, 1, TPC, 0},
        {"DC CVAC", 3, 10, 1, TPC, kUci}, {"DC CIVAC", 3, 14, 1, TPC, kUci},
        {"DC CVAU", 3, 11, 1, TPU, kUci}, {"IC IVAU", 3, 5, 1, TPU, kUci},
        {"IC IALLU", 0, 5, 0, TPU, 0},    {"IC IALLUIS", 0, 1, 0, TPU, 0},
        {"DC ZVA", 3, 4, 1, TDZ, kDze},
    };
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = true;
    cfg.reset_el = 2;
    core = add_core(cfg);
    set_sr(SR_VBAR_EL1, kVec);
    set_sr(SR_VBAR_EL2, kVec);
    const uint64_t hcr0 = sr(SR_HCR_EL2);
    const uint32_t kDczid = A64_SYSREG(3, 3, 0, 0, 7);
    for (const Op &o : ops) {
        for (uint64_t bit : {TSW, TPC, TPU, TDZ}) {
            for (unsigned el : {0u, 1u, 2u}) {
                if (el == 0 && !o.el0_enable) continue;
                SCOPED_TRACE(std::string(o.name) + " HCR bit " +
                             std::to_string(__builtin_ctzll(bit)) + " at EL" + std::to_string(el));
                set_sr(SR_HCR_EL2, hcr0 | bit);
                set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) | kUci | kDze);
                set_sr(SR_ESR_EL1, kJunk);
                set_sr(SR_ESR_EL2, kJunk);
                x(7) = kData;
                go({enc::nop(), sysop(o.op1, 7, o.crm, o.op2, 7), enc::stop()}, el);
                if (bit == o.bit && el < 2) {
                    EXPECT_TRUE(at_vec(kVec, 0x400));
                    EXPECT_EQ(st().el, 2u);
                    EXPECT_EQ(sr(SR_ESR_EL2), esr::sys(1, o.op1, 7, o.crm, o.op2, 7, false));
                    EXPECT_EQ(sr(SR_ELR_EL2), kRam + 4);
                    EXPECT_EQ(sr(SR_ESR_EL1), kJunk);
                } else if (o.bit == TDZ) {
                    // Not trapped: DC ZVA to Device memory (MMU off) is an Alignment fault.
                    EXPECT_EQ(st().el, el ? el : 1);
                    EXPECT_EQ(sr(el == 2 ? SR_ESR_EL2 : SR_ESR_EL1), dabt(0x21, true, el == 0));
                } else {
                    EXPECT_EQ(st().pc, kRam + 12);
                    EXPECT_EQ(sr(SR_ESR_EL2), kJunk);
                }
                if (el == 0 && bit == o.bit) {
                    // SCTLR_EL1's EL0 trap (to EL1) has priority over HCR_EL2's.
                    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) & ~o.el0_enable);
                    set_sr(SR_ESR_EL2, kJunk);
                    go({enc::nop(), sysop(o.op1, 7, o.crm, o.op2, 7), enc::stop()}, 0);
                    EXPECT_EQ(st().el, 1u);
                    EXPECT_EQ(sr(SR_ESR_EL1), esr::sys(1, o.op1, 7, o.crm, o.op2, 7, false));
                    EXPECT_EQ(sr(SR_ELR_EL1), kRam + 4);
                    EXPECT_EQ(sr(SR_ESR_EL2), kJunk);
                }
            }
        }
    }
    // DCZID_EL0.DZP: 1 at EL0/EL1 under TDZ, 0 at EL2 or without it.
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) | kDze);
    for (uint64_t hcr : {hcr0, hcr0 | TDZ})
        for (unsigned el : {0u, 1u, 2u}) {
            SCOPED_TRACE(std::to_string(el) + (hcr & TDZ ? " TDZ" : ""));
            set_sr(SR_HCR_EL2, hcr);
            go({enc::mrs(9, kDczid), enc::stop()}, el);
            EXPECT_EQ(x(9), (hcr & TDZ) && el < 2 ? 0x14u : 4u);
        }
}

// HCR_EL2.FB (Arm ARM D17.2 HCR_EL2.FB): EL1's local TLBI forms act as their Inner
// Shareable forms, so another core drops its entries too; EL2's own TLBI is not forced.
TEST_F(MmuTest, HcrForceBroadcastMakesEl1TlbiInnerShareable)
{
    a64_core_config cfg = default_cfg();
    cfg.have_el2 = true;
    cfg.reset_el = 2;
    core = add_core(cfg);
    a64_core *b = add_core(cfg);
    cached_on_b_then_remapped(b);
    a64_state *sb = a64_core_state(b);
    go({tlbi(0, 7, 1), kDsbIsh, enc::stop()}); // VAE1, FB = 0: local
    go({ldr(2, 1), enc::stop()}, 1, b);
    EXPECT_EQ(sb->x[2], ram64(kData));
    set_sr(SR_HCR_EL2, sr(SR_HCR_EL2) | (1ull << 9)); // FB (the write flushes this core only)
    go({tlbi(0, 7, 0), kDsbIsh, enc::stop()}, 2);     // VMALLE1 at EL2: not forced
    go({ldr(2, 1), enc::stop()}, 1, b);
    EXPECT_EQ(sb->x[2], ram64(kData));
    go({tlbi(0, 7, 1), kDsbIsh, enc::stop()}); // VAE1 at EL1 under FB: broadcast
    go({ldr(2, 1), enc::stop()}, 1, b);
    EXPECT_EQ(sb->x[2], ram64(kData2));
}

// One physical code page mapped executable at X and writable at Y: code written
// through Y is what runs at X (the predecode cache is keyed by PA), with or
// without IC IVAU through either alias.
TEST_F(MmuTest, SelfModifyingCodeThroughAnAlias)
{
    tables(12, 48);
    map_code();
    // X and Y use micro-TLB slots (5, 7) other than the code page's (0)
    const uint64_t X = 0x7000005000ull, Y = 0x7100007000ull, P = kRam + 0x3000;
    map(X, P, 3, kNormal | AP_RO_EL1);
    map(Y, P, 3, kNormal | AP_RW_EL1 | PXN | UXN);
    load(P, {enc::movz(0, 1), ret()});
    enable_el1();
    x(5) = X;
    x(6) = Y;
    x(7) = enc::movz(0, 2);
    x(8) = enc::movz(0, 3);
    go({blr(5), 0xaa0003e9 /* mov x9, x0 */, 0xb90000c7 /* str w7, [x6] */, blr(5),
        0xaa0003ea /* mov x10, x0 */, 0xb90000c8 /* str w8, [x6] */, sysop(3, 7, 5, 1, 6), kDsbIsh,
        kIsb, blr(5), enc::stop()});
    EXPECT_EQ(x(9), 1u);
    EXPECT_EQ(x(10), 2u);
    EXPECT_EQ(x(0), 3u);
    // again without IC maintenance: Y's micro-TLB entry is warm now, and still the
    // store reaches the predecoded code (pages holding code get no write tag)
    x(7) = enc::movz(0, 7);
    go({0xb90000c7 /* str w7, [x6] */, blr(5), enc::stop()});
    EXPECT_EQ(x(0), 7u);
    // IC IALLU after a write through the alias
    x(7) = enc::movz(0, 4);
    go({0xb90000c7, sysop(0, 7, 5, 0, 31), kDsbIsh, kIsb, blr(5), enc::stop()});
    EXPECT_EQ(x(0), 4u);
    // and IC IALLUIS
    x(7) = enc::movz(0, 8);
    go({0xb90000c7, sysop(0, 7, 1, 0, 31), kDsbIsh, kIsb, blr(5), enc::stop()});
    EXPECT_EQ(x(0), 8u);
}

// Another core holding a write tag for a page that becomes code: the tag is
// dropped when the page is predecoded, so its later store invalidates the code.
TEST_F(MmuTest, CodeWrittenByAnotherCoreThroughItsTlb)
{
    a64_core *b = add_core(default_cfg());
    tables(12, 48);
    map_code();
    // Y's micro-TLB slot (7) differs from the code page's (0)
    const uint64_t X = 0x7000000000ull, Y = 0x7100007000ull, P = kRam + 0x3000;
    map(X, P, 3, kNormal | AP_RO_EL1);
    map(Y, P, 3, kNormal | AP_RW_EL1 | PXN | UXN);
    enable_el1(core);
    enable_el1(b);
    a64_state *sb = a64_core_state(b);
    sb->x[6] = Y;
    sb->x[7] = enc::movz(0, 5);
    go({0xb90000c7 /* str w7, [x6] */, enc::stop()}, 1, b); // b: write tag for P
    load(P + 4, {ret()});
    x(5) = X;
    go({blr(5), enc::stop()}); // core 0 predecodes P
    EXPECT_EQ(x(0), 5u);
    sb->x[7] = enc::movz(0, 6);
    go({0xb90000c7, enc::stop()}, 1, b); // b rewrites the first instruction
    go({blr(5), enc::stop()});
    EXPECT_EQ(x(0), 6u);
}

TEST_F(MmuTest, ExclusivesUsePhysicalAddresses)
{
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal);
    map(kVa + 0x10000, kData, 3, kNormal); // alias
    enable_el1();
    x(1) = kVa + 0x40;
    x(4) = kVa + 0x10040;
    x(3) = 0x77;
    go({ldxr(2, 1), stxr(5, 3, 4), enc::stop()});
    EXPECT_EQ(x(5), 0u); // same PA: the store-exclusive succeeds
    EXPECT_EQ(ram64(kData + 0x40), 0x77u);
    // another core's store through its own alias clears the reservation
    a64_core *b = add_core(default_cfg());
    enable_el1(b);
    a64_state *sb = a64_core_state(b);
    sb->x[1] = kVa + 0x10040;
    sb->x[2] = 0x99;
    go({ldxr(2, 1), enc::stop()});
    go({str(2, 1), enc::stop()}, 1, b);
    go({stxr(5, 3, 1), enc::stop()});
    EXPECT_EQ(x(5), 1u);
    EXPECT_EQ(ram64(kData + 0x40), 0x99u);
}

// Timing: a walk costs one memory access (the load latency for RAM) per level;
// a TLB hit costs nothing extra. Also: the debugger API has no side effects.
TEST_F(MmuTest, WalkCostsOneMemoryAccessPerLevel)
{
    const a64_timing *t = a64_timing_default();
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal);
    const uint64_t vb = (kVa + 0x200000) & ~0x1fffffull; // a 2 MiB block at kRam
    map(vb, kRam, 2, kNormal);
    enable_el1();
    x(1) = kVa;
    go({enc::nop(), enc::stop()}); // code page walked and cached
    uint64_t c0 = a64_core_cycles(core);
    go({ldr(2, 1), enc::stop()});
    uint64_t miss = a64_core_cycles(core) - c0;
    c0 = a64_core_cycles(core);
    go({ldr(2, 1), enc::stop()});
    uint64_t hit = a64_core_cycles(core) - c0;
    EXPECT_EQ(miss - hit, 4u * t->load); // levels 0..3
    // a level-2 block: three accesses
    x(1) = vb + (kData - kRam);
    c0 = a64_core_cycles(core);
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(a64_core_cycles(core) - c0 - hit, 3u * t->load);
    // debugger translation: no cycles, no TLB fill
    uint64_t pa = 0;
    c0 = a64_core_cycles(core);
    EXPECT_EQ(0, a64_translate_debug(core, vb + 0x1ffff8, false, &pa));
    EXPECT_EQ(pa, kRam + 0x1ffff8);
    EXPECT_EQ(a64_core_cycles(core), c0);
    EXPECT_EQ(-1, a64_translate_debug(core, kVa + 0x800000, false, &pa));
    EXPECT_EQ(-1, a64_translate_debug(nullptr, kVa, false, &pa));
}

// Identity map with the MMU on: the same loop gives the same results and the
// same cycles as with it off once the TLB is warm (TLB hits cost nothing).
TEST_F(MmuTest, IdentityMappedLoopMatchesMmuOff)
{
    const std::initializer_list<uint32_t> loop = {ldr(2, 1),
                                                  0x8b000042 /* add x2, x2, x0 */,
                                                  str(2, 1),
                                                  0xf1000400 /* subs x0, x0, #1 */,
                                                  0x54ffff81 /* b.ne loop */,
                                                  enc::stop()};
    x(0) = 1000;
    x(1) = kData;
    uint64_t c0 = a64_core_cycles(core);
    go(loop);
    uint64_t off_cycles = a64_core_cycles(core) - c0, off_val = ram64(kData);
    put64(kData, 0xa000000000000000ull);
    tables(12, 48);
    map_code();
    map_pages(kData, kData, 0x1000, kNormal);
    enable_el1();
    x(0) = 1;
    x(1) = kData;
    go(loop); // warm the TLB
    put64(kData, 0xa000000000000000ull);
    x(0) = 1000;
    c0 = a64_core_cycles(core);
    go(loop);
    EXPECT_EQ(ram64(kData), off_val);
    EXPECT_EQ(a64_core_cycles(core) - c0, off_cycles);
}

// SIMD&FP Q accesses follow the memory type like every other access (Arm ARM
// B2.5.2): not 16-byte aligned is fine on Normal memory (also across pages), an
// Alignment fault on Device memory or with SCTLR_EL1.A.
TEST_F(MmuTest, QRegisterAlignmentFollowsTheMemoryType)
{
    const uint32_t ldr_q0 = 0x3dc00020u; // ldr q0, [x1]
    const uint32_t str_q0 = 0x3d800020u; // str q0, [x1]
    const uint32_t ldp_q = 0xad400420u;  // ldp q0, q1, [x1]
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal);
    map(kVa + 0x1000, kData2, 3, AF | ATTR_DEVICE);
    map(kVa + 0x2000, kData, 3, kNormal);
    map(kVa + 0x3000, kData2, 3, kNormal);
    enable_el1();
    set_sr(A64_SYSREG(3, 0, 1, 0, 2), 3u << 20); // CPACR_EL1.FPEN: no FP trap
    auto v = [&](unsigned n, unsigned d) { return st().v[n].d[d]; };
    // Normal, 8-byte aligned: both doublewords
    x(1) = kVa + 8;
    go({ldr_q0, enc::stop()});
    EXPECT_EQ(v(0, 0), ram64(kData + 8));
    EXPECT_EQ(v(0, 1), ram64(kData + 16));
    // Normal, odd address across two Normal pages
    x(1) = kVa + 0x2ffb;
    go({ldr_q0, enc::stop()});
    uint8_t want[16];
    std::memcpy(want, &ram[kData + 0xffb - kRam], 5);
    std::memcpy(want + 5, &ram[kData2 - kRam], 11);
    uint64_t w0, w1;
    std::memcpy(&w0, want, 8);
    std::memcpy(&w1, want + 8, 8);
    EXPECT_EQ(v(0, 0), w0);
    EXPECT_EQ(v(0, 1), w1);
    // a store at an unaligned Normal address writes the 16 bytes there
    st().v[0].d[0] = 0x1122334455667788ull;
    st().v[0].d[1] = 0x99aabbccddeeff00ull;
    x(1) = kVa + 0x24;
    go({str_q0, enc::stop()});
    EXPECT_EQ(ram64(kData + 0x24), 0x1122334455667788ull);
    EXPECT_EQ(ram64(kData + 0x2c), 0x99aabbccddeeff00ull);
    // LDP of Q registers at an 8-byte aligned Normal address
    x(1) = kVa + 0x48;
    go({ldp_q, enc::stop()});
    EXPECT_EQ(v(0, 0), ram64(kData + 0x48));
    EXPECT_EQ(v(1, 1), ram64(kData + 0x60));
    // Device: 16-byte aligned is fine, 8-byte aligned is an Alignment fault
    x(1) = kVa + 0x1010;
    go({ldr_q0, enc::stop()});
    EXPECT_EQ(v(0, 0), ram64(kData2 + 0x10));
    x(1) = kVa + 0x1008;
    go({ldr_q0, enc::stop()});
    EXPECT_TRUE(at_vec(kVec, 0x200));
    EXPECT_EQ(esr1(), dabt(0x21));
    EXPECT_EQ(sr(SR_FAR_EL1), kVa + 0x1008);
    go({str_q0, enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x21, true));
    // Normal page whose access runs into the Device page: Alignment fault
    x(1) = kVa + 0xff8;
    go({ldr_q0, enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x21));
    // SCTLR_EL1.A: checked on Normal memory too
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) | 2);
    x(1) = kVa + 8;
    go({ldr_q0, enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x21));
}

// Advanced SIMD structure loads check alignment per element, by memory type: a
// halfword element at an odd address is fine on Normal memory, an Alignment fault
// on Device memory.
TEST_F(MmuTest, StructureLoadElementAlignmentFollowsTheMemoryType)
{
    const uint32_t ld1_8h = 0x4c407420u; // ld1 {v0.8h}, [x1]
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal);
    map(kVa + 0x1000, kData2, 3, AF | ATTR_DEVICE);
    enable_el1();
    set_sr(A64_SYSREG(3, 0, 1, 0, 2), 3u << 20); // CPACR_EL1.FPEN
    x(1) = kVa + 0x101;
    go({ld1_8h, ld1_8h, enc::stop()}); // twice: the second with the page in the micro-TLB
    uint64_t w0, w1;
    std::memcpy(&w0, &ram[kData + 0x101 - kRam], 8);
    std::memcpy(&w1, &ram[kData + 0x109 - kRam], 8);
    EXPECT_EQ(st().v[0].d[0], w0);
    EXPECT_EQ(st().v[0].d[1], w1);
    x(1) = kVa + 0x1101;
    go({ld1_8h, enc::stop()});
    EXPECT_TRUE(at_vec(kVec, 0x200));
    EXPECT_EQ(esr1(), dabt(0x21));
}

// TLB refills are PMUv3 events L1D_TLB_REFILL (0x05) and L1I_TLB_REFILL (0x02):
// one per successful walk; TLB hits and faulting walks count nothing.
TEST_F(MmuTest, TlbRefillsAreCountedByThePmu)
{
    const uint32_t PMCR = A64_SYSREG(3, 3, 9, 12, 0), PMCNTENSET = A64_SYSREG(3, 3, 9, 12, 1),
                   PMEVCNTR0 = A64_SYSREG(3, 3, 14, 8, 0), PMEVCNTR1 = A64_SYSREG(3, 3, 14, 8, 1),
                   PMEVTYPER0 = A64_SYSREG(3, 3, 14, 12, 0),
                   PMEVTYPER1 = A64_SYSREG(3, 3, 14, 12, 1), PMCEID0 = A64_SYSREG(3, 3, 9, 12, 6);
    EXPECT_EQ((sr(PMCEID0) >> 2) & 1, 1u);
    EXPECT_EQ((sr(PMCEID0) >> 5) & 1, 1u);
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal);
    map(kVa + 0x2000, kData2, 3, kNormal);
    enable_el1();
    set_sr(PMEVTYPER0, 0x05);
    set_sr(PMEVTYPER1, 0x02);
    set_sr(PMCNTENSET, 3);
    set_sr(PMCR, 1);
    x(1) = kVa;
    x(4) = kVa + 0x2000;
    go({ldr(2, 1), ldr(6, 4), ldr(2, 1), enc::stop()});
    EXPECT_EQ(sr(PMEVCNTR0), 2u); // two data pages
    EXPECT_EQ(sr(PMEVCNTR1), 1u); // one code page
    go({ldr(2, 1), ldr(6, 4), enc::stop()});
    EXPECT_EQ(sr(PMEVCNTR0), 2u); // all hits
    EXPECT_EQ(sr(PMEVCNTR1), 1u);
    x(1) = kVa + 0x5000; // not mapped: Translation fault, nothing cached
    go({ldr(2, 1), enc::stop()});
    EXPECT_EQ(esr1(), dabt(0x07));
    EXPECT_EQ(sr(PMEVCNTR0), 2u);
    EXPECT_EQ(sr(PMEVCNTR1), 2u); // the vector page
    // TLBI VMALLE1: every translation walks again
    x(1) = kVa;
    go({tlbi(0, 7, 0), kDsbIsh, kIsb, ldr(2, 1), ldr(6, 4), enc::stop()});
    EXPECT_EQ(sr(PMEVCNTR0), 4u);
    EXPECT_EQ(sr(PMEVCNTR1), 3u); // the code page again
}

// An MSR of a translation register goes through the one store path of system
// registers (a64_sr_store), which drops the TLB entries made under the old value:
// the load after the ISB uses the new tables, without TLBI.
TEST_F(MmuTest, MsrTtbrRetranslatesWithoutTlbi)
{
    tables(12, 48);
    map_code();
    map(kVa, kData, 3, kNormal);
    uint64_t first = root;
    next = kTables + 0x40000; // a second table set: kVa -> kData2
    root = alloc();
    map_code();
    map(kVa, kData2, 3, kNormal);
    uint64_t second = root;
    root = first;
    enable_el1();
    x(1) = kVa;
    x(5) = second;
    go({ldr(2, 1), enc::msr(SR_TTBR0_EL1, 5), kIsb, ldr(3, 1), enc::stop()});
    EXPECT_EQ(x(2), ram64(kData));
    EXPECT_EQ(x(3), ram64(kData2));
}

} // namespace

// ---- two physical address spaces (Arm ARM D8, "Security state and the physical
// address space") ----

constexpr uint64_t NS_BIT = 1ull << 5, NSTABLE = 1ull << 63;
constexpr uint64_t kMmio = 0x09000000;      // the harness's MMIO window
constexpr uint64_t kVaHi = 0x8000000000ull; // another level-0 entry (40-bit input)

class SecurityMmuTest : public MmuTest
{
  public:
    SecurityMmuTest()
    {
        a64_core_config cfg = default_cfg();
        cfg.have_el2 = cfg.have_el3 = true;
        cfg.reset_el = 3;
        core = add_core(cfg);
        tables(12, 40);
        map_code();
        map(kVa, kMmio, 3, AF | ATTR_DEVICE);                   // NS = 0
        map(kVa + 0x1000, kMmio, 3, AF | ATTR_DEVICE | NS_BIT); // NS = 1
        map(kVaHi, kMmio, 3, AF | ATTR_DEVICE, NSTABLE);        // NSTable
        set_sr(SR_TTBR0_EL3, root);
        set_sr(SR_TCR_EL3, 24 | (1ull << 16));
        set_sr(SR_MAIR_EL3, kMair);
        set_sr(SR_VBAR_EL3, kVec);
    }
    // Load through the three mappings at `el`; the address space of each access.
    std::vector<bool> spaces(unsigned el)
    {
        mmio.clear();
        x(1) = kVa;
        x(4) = kVa + 0x1000;
        x(6) = kVaHi;
        go({ldr(2, 1), ldr(3, 4), ldr(5, 6), enc::stop()}, el);
        std::vector<bool> ns;
        for (const MmioLog &m : mmio)
            ns.push_back(m.ns);
        return ns;
    }
};

TEST_F(SecurityMmuTest, SecureRegimesHonourNsAndNsTable)
{
    using v = std::vector<bool>;
    // EL3 is Secure: NS = 0 is Secure, NS = 1 and a path through NSTable Non-secure
    set_sr(SR_SCTLR_EL3, sr(SR_SCTLR_EL3) | 1);
    EXPECT_FALSE(a64_core_nonsecure(core));
    EXPECT_EQ(spaces(3), (v{false, true, true}));
    // Secure EL1&0 (SCR_EL3.NS = 0) likewise
    enable_el1(core, 0);
    set_sr(SR_TCR_EL1, 24 | (1ull << 32));
    EXPECT_EQ(spaces(1), (v{false, true, true}));
    EXPECT_FALSE(a64_core_nonsecure(core));
    // Non-secure EL1&0 ignores both bits: every access is Non-secure
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    EXPECT_EQ(spaces(1), (v{true, true, true}));
    EXPECT_TRUE(a64_core_nonsecure(core));
    // and so does EL2, which is Non-secure only
    set_sr(SR_TTBR0_EL2, root);
    set_sr(SR_TCR_EL2, 24 | (1ull << 16));
    set_sr(SR_MAIR_EL2, kMair);
    set_sr(SR_VBAR_EL2, kVec);
    set_sr(SR_SCTLR_EL2, sr(SR_SCTLR_EL2) | 1);
    EXPECT_EQ(spaces(2), (v{true, true, true}));
}

TEST_F(SecurityMmuTest, StageOneOffUsesTheSpaceOfTheSecurityState)
{
    x(1) = kMmio;
    mmio.clear();
    go({ldr(2, 1), enc::stop()}, 3);
    ASSERT_EQ(mmio.size(), 1u);
    EXPECT_FALSE(mmio[0].ns); // EL3
    set_sr(SR_VBAR_EL1, kVec);
    go({ldr(2, 1), enc::stop()}, 1);
    ASSERT_EQ(mmio.size(), 2u);
    EXPECT_FALSE(mmio[1].ns); // Secure EL1
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    go({ldr(2, 1), enc::stop()}, 1);
    ASSERT_EQ(mmio.size(), 3u);
    EXPECT_TRUE(mmio[2].ns); // Non-secure EL1
    // A store carries the space too
    go({str(2, 1), enc::stop()}, 1);
    ASSERT_EQ(mmio.size(), 4u);
    EXPECT_TRUE(mmio[3].write);
    EXPECT_TRUE(mmio[3].ns);
}

TEST_F(SecurityMmuTest, AtReportsTheOutputSpaceInParNs)
{
    set_sr(SR_SCTLR_EL3, sr(SR_SCTLR_EL3) | 1);
    for (uint64_t va : {kVa, kVa + 0x1000, kVaHi}) {
        x(1) = va;
        go({sysop(6, 7, 8, 0, 1), enc::stop()}, 3); // AT S1E3R
        uint64_t par = sr(SR_PAR_EL1);
        EXPECT_EQ(par & 1, 0u);
        EXPECT_EQ((par >> 9) & 1, va == kVa ? 0u : 1u) << std::hex << va;
    }
}

// A second RAM region standing for Secure-only memory: its check refuses
// Non-secure accesses with the verdict under test.
struct RamFilter {
    a64_ram_verdict ns_verdict = A64_RAM_ABORT;
    bool ns_reads_allowed = false;   // refuse Non-secure writes only
    unsigned calls = 0, refused = 0; // refused: real accesses (not probes) refused
    static a64_ram_verdict check(void *ctx, uint64_t, bool ns, bool write, bool probe)
    {
        auto *f = static_cast<RamFilter *>(ctx);
        f->calls++;
        a64_ram_verdict v = ns && (write || !f->ns_reads_allowed) ? f->ns_verdict : A64_RAM_ALLOW;
        if (v != A64_RAM_ALLOW && !probe) f->refused++;
        return v;
    }
};
constexpr uint64_t kSram = 0x04000000, kVaS = 0x2000000000ull, kVaN = kVaS + 0x1000;

class SecureRamTest : public SecurityMmuTest
{
  public:
    std::vector<uint8_t> sram = std::vector<uint8_t>(0x10000);
    RamFilter filter;
    SecureRamTest()
    {
        EXPECT_EQ(0, a64_system_map_ram(sys, kSram, sram.size(), sram.data()));
        EXPECT_EQ(0, a64_system_set_ram_check(sys, kSram, &RamFilter::check, &filter));
        EXPECT_EQ(-1, a64_system_set_ram_check(sys, kSram + 0x1000, &RamFilter::check, &filter));
        uint64_t v = 0x5ec0de5ec0de0001ull;
        std::memcpy(&sram[0x10], &v, 8);
        uint32_t halt = enc::stop();
        std::memcpy(&sram[0x100], &halt, 4);
        a64_system_code_written(sys, kSram, sram.size());
        map(kVaS, kSram, 3, kNormal);          // Secure
        map(kVaN, kSram, 3, kNormal | NS_BIT); // the same memory, Non-secure
        set_sr(SR_SCTLR_EL3, sr(SR_SCTLR_EL3) | 1);
    }
    uint64_t sram64(uint64_t off) const
    {
        uint64_t v;
        std::memcpy(&v, &sram[off], 8);
        return v;
    }
};

TEST_F(SecureRamTest, NonSecureAccessIsAnExternalAbort)
{
    x(1) = kVaS + 0x10;
    go({ldr(2, 1), enc::stop()}, 3);
    EXPECT_EQ(x(2), sram64(0x10));
    x(1) = kVaN + 0x10;
    x(2) = 7;
    go({str(2, 1), enc::stop()}, 3);
    EXPECT_EQ(sr(SR_ESR_EL3), dabt(0x10, true));
    EXPECT_EQ(sr(SR_FAR_EL3), kVaN + 0x10);
    EXPECT_EQ(sram64(0x10), 0x5ec0de5ec0de0001ull);
    go({ldr(2, 1), enc::stop()}, 3);
    EXPECT_EQ(sr(SR_ESR_EL3), dabt(0x10));
    // MMU off below EL3 in Non-secure state: the same refusal
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    set_sr(SR_VBAR_EL1, kVec);
    x(1) = kSram + 0x10;
    go({ldr(2, 1), enc::stop()}, 1);
    EXPECT_EQ(esr1(), dabt(0x10));
    // DC ZVA is a store: refused the same way, nothing zeroed
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) & ~1ull);
    x(1) = kVaN;
    go({sysop(3, 7, 4, 1, 1), enc::stop()}, 3);
    EXPECT_EQ(sr(SR_ESR_EL3), dabt(0x10, true));
    EXPECT_EQ(sram64(0x10), 0x5ec0de5ec0de0001ull);
    x(1) = kVaS;
    go({sysop(3, 7, 4, 1, 1), enc::stop()}, 3);
    EXPECT_EQ(sram64(0x10), 0u);
}

TEST_F(SecureRamTest, ScrEaRoutesTheAbortToEl3)
{
    enable_el1(core, 0);
    set_sr(SR_TCR_EL1, 24 | (1ull << 32));
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1); // Non-secure EL1: every access is NS
    x(1) = kVaS + 0x10;
    go({ldr(2, 1), enc::stop()}, 1);
    EXPECT_EQ(esr1(), dabt(0x10)); // EA = 0: to EL1
    EXPECT_EQ(sr(SR_ESR_EL3), 0u);
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | (1u << 3)); // EA = 1: to EL3
    go({ldr(2, 1), enc::stop()}, 1);
    EXPECT_EQ(sr(SR_ESR_EL3), dabt(0x10, false, true)); // from a lower EL
    EXPECT_EQ(sr(SR_FAR_EL3), kVaS + 0x10);
    EXPECT_EQ(st().el, 3u);
}

TEST_F(SecureRamTest, RazWiVerdictReadsZeroAndDropsWrites)
{
    filter.ns_verdict = A64_RAM_RAZ_WI;
    x(1) = kVaN + 0x10;
    x(2) = 0x1234;
    go({str(2, 1), ldr(3, 1), enc::stop()}, 3);
    EXPECT_EQ(x(3), 0u);
    EXPECT_EQ(sram64(0x10), 0x5ec0de5ec0de0001ull);
    EXPECT_EQ(sr(SR_ESR_EL3), 0u);
}

TEST_F(SecureRamTest, NonSecureFetchIsAnInstructionAbort)
{
    x(5) = kVaS + 0x100;
    go({blr(5)}, 3); // the Secure alias runs the HLT there
    EXPECT_EQ(st().pc, kVaS + 0x104);
    x(5) = kVaN + 0x100;
    load(kRam, {blr(5)});
    st().pc = kRam;
    run();
    EXPECT_EQ(sr(SR_ESR_EL3), iabt(0x10));
    EXPECT_EQ(sr(SR_FAR_EL3), kVaN + 0x100);
}

TEST_F(SecureRamTest, TableWalkInRefusedMemory)
{
    // Non-secure EL1 tables placed in Secure-only memory: the walk's first read is
    // refused: an External abort on the walk, level 0; RAZ reads an invalid
    // descriptor: a Translation fault, level 0
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | 1);
    set_sr(SR_VBAR_EL1, kVec);
    set_sr(SR_MAIR_EL1, kMair);
    set_sr(SR_TCR_EL1, 24 | (1ull << 32));
    set_sr(SR_TTBR0_EL1, kSram + 0x2000);
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) | 1);
    st().pc = kVa;
    st().el = 1;
    run();
    EXPECT_EQ(esr1(), iabt(0x14));
    filter.ns_verdict = A64_RAM_RAZ_WI;
    st().pc = kVa;
    st().el = 1;
    run();
    EXPECT_EQ(esr1(), iabt(0x04));
}

TEST_F(SecureRamTest, ChangedVerdictsReachTheFastPath)
{
    filter.ns_verdict = A64_RAM_ALLOW;
    x(1) = kVaN + 0x10;
    go({ldr(2, 1), ldr(2, 1), enc::stop()}, 3);
    EXPECT_EQ(x(2), sram64(0x10));
    unsigned before = filter.calls;
    go({ldr(2, 1), ldr(2, 1), enc::stop()}, 3);
    EXPECT_EQ(filter.calls, before); // micro-TLB hits ask nothing
    filter.ns_verdict = A64_RAM_ABORT;
    a64_system_ram_check_changed(sys);
    go({ldr(2, 1), enc::stop()}, 3);
    EXPECT_EQ(sr(SR_ESR_EL3), dabt(0x10));
}

TEST_F(SecurityMmuTest, ScrSifStopsSecureFetchesFromNonSecureMemory)
{
    constexpr uint64_t kCodeNs = kRam + 0x60000, kVaCode = 0x3000000000ull;
    load(kCodeNs, {enc::stop()});
    map(kVaCode, kCodeNs, 3, kNormal | NS_BIT);
    set_sr(SR_SCTLR_EL3, sr(SR_SCTLR_EL3) | 1);
    x(5) = kVaCode;
    go({blr(5)}, 3); // SIF = 0: runs
    EXPECT_EQ(st().pc, kVaCode + 4);
    set_sr(SR_SCR_EL3, sr(SR_SCR_EL3) | (1u << 9));
    // a data access to the page first (it fills the micro-TLB) changes nothing
    x(1) = kVaCode;
    load(kRam, {ldr(2, 1), blr(5)});
    st().pc = kRam;
    run();
    EXPECT_EQ(sr(SR_ESR_EL3), iabt(0x0f)); // Permission fault, level 3
    EXPECT_EQ(sr(SR_FAR_EL3), kVaCode);
}

// Micro-TLB fills ask about both directions ahead of time: only the access that
// is made counts as refused (a filter records nothing for a probe).
TEST_F(SecureRamTest, OnlyRealAccessesAreRefusedNotProbes)
{
    filter.ns_reads_allowed = true;
    x(1) = kVaN + 0x10;
    go({ldr(2, 1), ldr(2, 1), enc::stop()}, 3);
    EXPECT_EQ(x(2), sram64(0x10));
    EXPECT_GT(filter.calls, 0u);
    EXPECT_EQ(filter.refused, 0u);
    x(2) = 5;
    go({str(2, 1), enc::stop()}, 3);
    EXPECT_EQ(sr(SR_ESR_EL3), dabt(0x10, true));
    EXPECT_EQ(filter.refused, 1u);
    // DC ZVA asks ahead, then stores: one refusal for its first store
    x(1) = kVaN;
    go({sysop(3, 7, 4, 1, 1), enc::stop()}, 3);
    EXPECT_EQ(filter.refused, 2u);
}
