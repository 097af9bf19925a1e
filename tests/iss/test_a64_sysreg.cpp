// The system-register table: every row reachable with the access rights it
// declares at every EL, device rows routed to the callbacks by the table, the
// timer controls owned by the core, identification/IMPLEMENTATION DEFINED/cache
// registers per core type.
#include "test_a64_harness.h"

#include <string>

extern "C" {
#include "a64_internal.h"
}

namespace
{

constexpr uint64_t kVec = kRam + 0x10000; // VBAR_EL1/2/3 + 0x800 * (el - 1)

// A core with EL2 and EL3 (reset at EL3), vectors at each EL that stop the run.
class SysregTest : public A64Test
{
  public:
    explicit SysregTest(a64_cpu_type cpu = A64_CPU_CORTEX_A53) { make(cpu); }

    void make(a64_cpu_type cpu, uint32_t l1d = 32, uint32_t l2 = 1024, unsigned cores = 4)
    {
        a64_core_config cfg = default_cfg();
        cfg.have_el2 = cfg.have_el3 = true;
        cfg.reset_el = 3;
        cfg.cpu = cpu;
        cfg.l1d_kib = l1d;
        cfg.l2_kib = l2;
        cfg.cluster_cores = cores;
        core = add_core(cfg);
        for (unsigned el = 1; el <= 3; el++) {
            uint64_t v = kVec + 0x800 * (el - 1);
            set_sr(el == 1 ? SR_VBAR_EL1 : el == 2 ? SR_VBAR_EL2 : SR_VBAR_EL3, v);
            for (unsigned off = 0; off < 0x800; off += 0x80)
                load(v + off, {enc::stop()});
        }
        set_sr(SR_SCR_EL3, 1); // Non-secure below EL3: EL2 enabled
    }

    // Outcome of one instruction run at `el`: -1 = completed, else the EL the
    // exception went to; *esr = its whole ESR. ELR must hold the instruction's
    // address (a trapped or UNDEFINED instruction is its own preferred return).
    int one(unsigned el, uint32_t insn, uint64_t *esr_out = nullptr)
    {
        for (uint32_t e : {SR_ESR_EL1, SR_ESR_EL2, SR_ESR_EL3})
            set_sr(e, 0);
        load(kRam, {insn, enc::stop()});
        st().pc = kRam;
        st().el = (uint8_t)el;
        st().spsel = el != 0;
        a64_stop_info i = run(1000);
        EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
        if (st().pc == kRam + 8) return -1;
        unsigned to = (unsigned)((st().pc - kVec) / 0x800) + 1;
        EXPECT_EQ(sr(to == 1 ? SR_ELR_EL1 : to == 2 ? SR_ELR_EL2 : SR_ELR_EL3), kRam);
        if (esr_out) *esr_out = sr(to == 1 ? SR_ESR_EL1 : to == 2 ? SR_ESR_EL2 : SR_ESR_EL3);
        return (int)to;
    }
};

std::string name_el(const a64_sr &r, unsigned el, bool read)
{
    return std::string(r.name) + (read ? " read at EL" : " write at EL") + std::to_string(el);
}

// Permissive state: every trap control and EL0 enable open.
void open_all(A64Test &t)
{
    t.set_sr(SR_SCTLR_EL1, t.sr(SR_SCTLR_EL1) | (1u << 9) | (1u << 15)); // UMA, UCT
    t.set_sr(SR_CNTKCTL_EL1, 0x303);                                     // EL0 counters/timers
    t.set_sr(A64_SYSREG(3, 4, 14, 1, 0), 0x3);                           // CNTHCTL_EL2
    t.set_sr(A64_SYSREG(3, 3, 9, 14, 0), 0xf);                           // PMUSERENR_EL0
    t.set_sr(A64_SYSREG(3, 4, 1, 0, 1), 0xff);                           // ACTLR_EL2
    t.set_sr(A64_SYSREG(3, 6, 1, 0, 1), 0xff);                           // ACTLR_EL3
    t.set_sr(A64_SYSREG(3, 0, 1, 0, 2), 3u << 20);                       // CPACR_EL1.FPEN
}

// Rows whose check function makes them UNDEFINED in the permissive state on a
// Cortex-A53 with EL2 and EL3 (Non-secure below EL3), by EL.
bool undefined_despite_rights(const a64_sr &r, unsigned el, bool read)
{
    std::string n = r.name;
    if (n == "RVBAR_EL1" || n == "RVBAR_EL2") // only the highest EL's exists
        return true;
    if (n.rfind("CNTPS_", 0) == 0) // Secure EL1 or EL3 only
        return el != 3;
    if (n == "CNTFRQ_EL0") // writable only at the highest EL
        return !read && el != 3;
    if (n.rfind("DQ_", 0) == 0 || n.rfind("CLUSTER", 0) == 0 || n == "CPUPWRCTLR_EL1")
        return true; // DynamIQ registers do not exist on a Cortex-A53
    return false;
}

TEST_F(SysregTest, EveryRowIsReachableWithItsAccessRightsAtEveryEL)
{
    size_t n = 0;
    const a64_sr *tab = a64_sysreg_table(&n);
    ASSERT_GT(n, 150u);
    open_all(*this);
    unsigned checked = 0;
    for (size_t k = 0; k < n; k++) {
        const a64_sr &r = tab[k];
        if (k) {
            EXPECT_LT(tab[k - 1].enc, r.enc) << "duplicate or unsorted encoding at " << r.name;
        }
        for (unsigned el = 0; el <= 3; el++) {
            for (bool read : {true, false}) {
                bool right = r.access & (read ? A64_ACC_R(el) : A64_ACC_W(el));
                bool expect_ok = right && !undefined_despite_rights(r, el, read);
                uint64_t cur = 0;
                a64_sysreg_get(core, r.enc, &cur);
                x(0) = cur;
                sysreg_reads.clear();
                sysreg_writes.clear();
                uint64_t e = 0;
                int to = one(el, read ? enc::mrs(1, r.enc) : enc::msr(r.enc, 0), &e);
                if (expect_ok) {
                    EXPECT_EQ(to, -1)
                        << name_el(r, el, read) << ": exception ESR 0x" << std::hex << e;
                } else {
                    EXPECT_EQ(to, el == 0 ? 1 : (int)el) << name_el(r, el, read);
                    EXPECT_EQ(e, esr::kUndef) << name_el(r, el, read) << " should be UNDEFINED";
                }
                // Device rows are routed to the callbacks by the table, with their encoding.
                a64_sysreg_owner own = a64_sysreg_owner_of(r.enc);
                bool dev = own == A64_SR_OWNER_TIMER || own == A64_SR_OWNER_GIC;
                std::string nm = r.name;
                EXPECT_EQ(own == A64_SR_OWNER_GIC,
                          nm.rfind("ICC_", 0) == 0 || nm.rfind("ICH_", 0) == 0)
                    << nm;
                EXPECT_EQ(own == A64_SR_OWNER_TIMER, nm.rfind("CNT", 0) == 0 &&
                                                         nm != "CNTKCTL_EL1" &&
                                                         nm != "CNTHCTL_EL2" && nm != "CNTFRQ_EL0")
                    << nm;
                if (expect_ok && dev && read) {
                    ASSERT_EQ(sysreg_reads.size(), 1u) << name_el(r, el, read);
                    EXPECT_EQ(sysreg_reads[0], r.enc);
                }
                if (expect_ok && dev && !read) {
                    ASSERT_EQ(sysreg_writes.size(), 1u) << name_el(r, el, read);
                    EXPECT_EQ(sysreg_writes[0].first, r.enc);
                }
                if (!dev || !expect_ok) {
                    EXPECT_TRUE(sysreg_reads.empty() && sysreg_writes.empty())
                        << name_el(r, el, read);
                }
                checked++;
            }
        }
    }
    EXPECT_EQ(checked, n * 8);
}

TEST_F(SysregTest, UnlistedEncodingsAreUndefinedAndReservedIdSpaceIsRaz)
{
    x(1) = 5;
    EXPECT_EQ(one(1, enc::mrs(1, A64_SYSREG(3, 0, 0, 1, 0))), -1); // ID_PFR0_EL1: AArch32 absent
    EXPECT_EQ(x(1), 0u);
    uint64_t e = 0;
    EXPECT_EQ(one(0, enc::mrs(1, A64_SYSREG(3, 0, 0, 1, 0)), &e), 1); // not at EL0
    EXPECT_EQ(e, esr::kUndef);
    EXPECT_EQ(one(1, enc::msr(A64_SYSREG(3, 0, 0, 1, 0), 1), &e), 1); // RAZ, not WI
    EXPECT_EQ(e, esr::kUndef);
    EXPECT_EQ(one(1, enc::mrs(1, A64_SYSREG(3, 0, 15, 15, 7)), &e), 1);
    EXPECT_EQ(e, esr::kUndef);
}

TEST_F(SysregTest, El0TrapsToEl1FollowHcrTge)
{
    // CTR_EL0 at EL0 with SCTLR_EL1.UCT = 0 traps to EL1, or to EL2 under
    // HCR_EL2.TGE (the Undefined/trap routing of EL0 exceptions).
    uint64_t e = 0;
    EXPECT_EQ(one(0, enc::mrs(1, A64_SYSREG(3, 3, 0, 0, 1)), &e), 1);
    EXPECT_EQ(e, esr::sysreg(A64_SYSREG(3, 3, 0, 0, 1), 1, true));
    set_sr(SR_HCR_EL2, 1ull << 27);
    EXPECT_EQ(one(0, enc::mrs(1, A64_SYSREG(3, 3, 0, 0, 1)), &e), 2);
    EXPECT_EQ(e, esr::sysreg(A64_SYSREG(3, 3, 0, 0, 1), 1, true));
}

TEST_F(SysregTest, TimerControlsBelongToTheCoreWithTheirTraps)
{
    // CNTKCTL_EL1 is stored by the core (RES0 bits dropped), not forwarded.
    x(0) = 0xffffffff;
    EXPECT_EQ(one(1, enc::msr(SR_CNTKCTL_EL1, 0)), -1);
    EXPECT_EQ(sr(SR_CNTKCTL_EL1), 0x3ffu);
    EXPECT_TRUE(sysreg_writes.empty());
    // CNTHCTL_EL2 resets to EL1PCTEN | EL1PCEN and is the core's too.
    constexpr uint32_t CNTHCTL = A64_SYSREG(3, 4, 14, 1, 0);
    EXPECT_EQ(sr(CNTHCTL), 3u);
    EXPECT_EQ(one(2, enc::mrs(1, CNTHCTL)), -1);
    EXPECT_EQ(x(1), 3u);
    EXPECT_TRUE(sysreg_reads.empty());
    // EL1PCTEN = 0: EL1 reads of CNTPCT_EL0 trap to EL2; CNTVCT_EL0 does not.
    set_sr(CNTHCTL, 2);
    uint64_t e = 0;
    EXPECT_EQ(one(1, enc::mrs(1, SR_CNTPCT_EL0), &e), 2);
    EXPECT_EQ(e, (0x18ull << 26) | (1u << 25) | (3u << 20) | (1u << 17) | (3u << 14) | (14u << 10) |
                     (1u << 5) | (0u << 1) | 1u);
    EXPECT_EQ(one(1, enc::mrs(1, A64_SYSREG(3, 3, 14, 0, 2))), -1);
    // EL1PCEN = 0: the EL1 physical timer traps to EL2; at EL2 it does not.
    set_sr(CNTHCTL, 1);
    EXPECT_EQ(one(1, enc::mrs(1, A64_SYSREG(3, 3, 14, 2, 1)), &e), 2);
    EXPECT_EQ(e, esr::sysreg(A64_SYSREG(3, 3, 14, 2, 1), 1, true));
    EXPECT_EQ(one(2, enc::mrs(1, A64_SYSREG(3, 3, 14, 2, 1))), -1);
    // EL0 without CNTKCTL_EL1.EL0VCTEN: trap to EL1 (checked before EL2's trap).
    set_sr(SR_CNTKCTL_EL1, 0);
    EXPECT_EQ(one(0, enc::mrs(1, A64_SYSREG(3, 3, 14, 0, 2)), &e), 1);
    EXPECT_EQ(e, esr::sysreg(A64_SYSREG(3, 3, 14, 0, 2), 1, true));
}

TEST_F(SysregTest, SelfSynchronisedCountersAreUndefinedWithoutEcv)
{
    // FEAT_ECV (Armv8.6) is not implemented by the modelled cores: ECV reads 0 and
    // CNTPCTSS_EL0/CNTVCTSS_EL0 are unallocated, so UNDEFINED at every EL.
    EXPECT_EQ(sr(A64_SYSREG(3, 0, 0, 7, 0)) >> 60, 0u);
    for (unsigned el = 0; el <= 3; el++)
        for (uint32_t r : {A64_SYSREG(3, 3, 14, 0, 5), A64_SYSREG(3, 3, 14, 0, 6)}) {
            uint64_t e = 0;
            EXPECT_EQ(one(el, enc::mrs(1, r), &e), el ? (int)el : 1);
            EXPECT_EQ(e, esr::kUndef);
        }
}

TEST_F(SysregTest, EventStreamConfigurationComesFromTheCoreRegisters)
{
    a64_event_stream_cfg es{};
    EXPECT_FALSE(a64_event_stream(core, 0, &es));
    EXPECT_FALSE(a64_event_stream(core, 1, &es));
    set_sr(SR_CNTKCTL_EL1, (1u << 2) | (1u << 3) | (5u << 4)); // EVNTEN, 1->0, bit 5
    ASSERT_TRUE(a64_event_stream(core, 0, &es));
    EXPECT_TRUE(es.virtual_count);
    EXPECT_EQ(es.bit, 5u);
    EXPECT_TRUE(es.one_to_zero);
    set_sr(A64_SYSREG(3, 4, 14, 1, 0), 3 | (1u << 2) | (9u << 4)); // CNTHCTL: 0->1, bit 9
    ASSERT_TRUE(a64_event_stream(core, 1, &es));
    EXPECT_FALSE(es.virtual_count);
    EXPECT_EQ(es.bit, 9u);
    EXPECT_FALSE(es.one_to_zero);
    // Transitions of bit 2 (period 8): 0->1 at 4, 12, 20...; 1->0 at 8, 16, ...
    EXPECT_EQ(a64_event_stream_next(0, 2, false), 4u);
    EXPECT_EQ(a64_event_stream_next(4, 2, false), 12u);
    EXPECT_EQ(a64_event_stream_next(11, 2, false), 12u);
    EXPECT_EQ(a64_event_stream_next(0, 2, true), 8u);
    EXPECT_EQ(a64_event_stream_next(8, 2, true), 16u);
    EXPECT_EQ(a64_event_stream_next(~0ull - 3, 2, true), ~0ull);
}

// ---- identification, caches, IMPLEMENTATION DEFINED registers per core type ----

struct CpuCase {
    a64_cpu_type cpu;
    const char *name;
    uint64_t midr, ctr;
    bool dynamiq;
};
const CpuCase kCpus[] = {
    {A64_CPU_CORTEX_A53, "arm,cortex-a53", 0x410fd034, 0x84448004, false},
    {A64_CPU_CORTEX_A55, "arm,cortex-a55", 0x412fd050, 0x84448004, true},
    {A64_CPU_CORTEX_A57, "arm,cortex-a57", 0x411fd073, 0x8444c004, false},
    {A64_CPU_CORTEX_A72, "arm,cortex-a72", 0x410fd083, 0x8444c004, false},
    {A64_CPU_CORTEX_A76, "arm,cortex-a76", 0x414fd0b1, 0x8444c004, true},
};

TEST_F(SysregTest, IdentificationFollowsTheCoreType)
{
    for (const CpuCase &k : kCpus) {
        SCOPED_TRACE(k.name);
        a64_cpu_type t;
        ASSERT_EQ(a64_cpu_lookup(k.name, &t), 0);
        EXPECT_EQ(t, k.cpu);
        ASSERT_EQ(a64_cpu_lookup(k.name + 4, &t), 0); // "cortex-a53"
        EXPECT_STREQ(a64_cpu_name(k.cpu), k.name);
        make(k.cpu);
        EXPECT_EQ(sr(SR_MIDR_EL1), k.midr);
        EXPECT_EQ(sr(A64_SYSREG(3, 4, 0, 0, 0)), k.midr); // VPIDR_EL2 resets to MIDR
        EXPECT_EQ(sr(A64_SYSREG(3, 0, 0, 0, 6)), 0u);     // REVIDR_EL1
        EXPECT_EQ(sr(A64_SYSREG(3, 1, 0, 0, 7)), 0u);     // AIDR_EL1
        EXPECT_EQ(sr(A64_SYSREG(3, 3, 0, 0, 1)), k.ctr);  // CTR_EL0
        // ID registers describe the ISS: PMUv3, FP and AdvSIMD, LSE + CRC32.
        EXPECT_EQ((sr(A64_SYSREG(3, 0, 0, 5, 0)) >> 8) & 0xf, 1u);
        EXPECT_EQ((sr(SR_ID_AA64PFR0_EL1) >> 16) & 0xff, 0x00u);
        EXPECT_EQ(sr(SR_ID_AA64ISAR0_EL1), 0x210000u);
        // IMPLEMENTATION DEFINED registers of the other family are UNDEFINED.
        uint32_t own = k.dynamiq ? A64_SYSREG(3, 0, 15, 2, 7) /* CPUPWRCTLR_EL1 */
                                 : A64_SYSREG(3, 1, 15, 2, 1) /* CPUECTLR_EL1 */;
        uint32_t other = k.dynamiq ? A64_SYSREG(3, 1, 15, 2, 1) : A64_SYSREG(3, 0, 15, 2, 7);
        EXPECT_EQ(one(3, enc::mrs(1, own)), -1);
        uint64_t e = 0;
        EXPECT_EQ(one(3, enc::mrs(1, other), &e), 3);
        EXPECT_EQ(e, esr::kUndef);
    }
    a64_cpu_type t;
    EXPECT_EQ(a64_cpu_lookup("arm,cortex-a9", &t), -1);
    // An explicit MIDR still wins (and is what VPIDR_EL2 resets to).
    a64_core_config cfg = default_cfg();
    cfg.midr = 0x410fd0c1;
    a64_core *c = add_core(cfg);
    EXPECT_EQ(sr(SR_MIDR_EL1, c), 0x410fd0c1u);
}

TEST_F(SysregTest, MidrAndMpidrAtEl1ReadTheVirtualisedValues)
{
    set_sr(A64_SYSREG(3, 4, 0, 0, 0), 0x41aabbcc);
    EXPECT_EQ(one(1, enc::mrs(1, SR_MIDR_EL1)), -1);
    EXPECT_EQ(x(1), 0x41aabbccu);
    EXPECT_EQ(one(2, enc::mrs(1, SR_MIDR_EL1)), -1);
    EXPECT_EQ(x(1), 0x410fd034u);
}

TEST_F(SysregTest, CacheRegistersDescribeTheConfiguredCaches)
{
    constexpr uint32_t CLIDR = A64_SYSREG(3, 1, 0, 0, 1), CSSELR = A64_SYSREG(3, 2, 0, 0, 0),
                       CCSIDR = A64_SYSREG(3, 1, 0, 0, 0);
    auto ccsidr = [&](unsigned sel) {
        x(0) = sel;
        EXPECT_EQ(one(1, enc::msr(CSSELR, 0)), -1);
        EXPECT_EQ(one(1, enc::mrs(1, CCSIDR)), -1);
        return x(1);
    };
    // Cortex-A53, 32 KiB L1D 4-way, 32 KiB L1I 2-way, 1 MiB L2 16-way, 64-byte lines.
    EXPECT_EQ(sr(CLIDR), 0x0a200023u);
    EXPECT_EQ(ccsidr(0), (7ull << 28) | (127u << 13) | (3u << 3) | 2);
    EXPECT_EQ(ccsidr(1), (7ull << 28) | (255u << 13) | (1u << 3) | 2);
    EXPECT_EQ(ccsidr(2), (7ull << 28) | (1023u << 13) | (15u << 3) | 2);
    EXPECT_EQ(ccsidr(4), 0u); // no level 3
    // Cortex-A57, 64 KiB L1D (2-way), 2 MiB L2; and no L2 at all.
    make(A64_CPU_CORTEX_A57, 64, 2048);
    EXPECT_EQ(ccsidr(0), (7ull << 28) | (511u << 13) | (1u << 3) | 2);
    EXPECT_EQ(ccsidr(1), (7ull << 28) | (255u << 13) | (2u << 3) | 2); // 48 KiB 3-way
    EXPECT_EQ(ccsidr(2), (7ull << 28) | (2047u << 13) | (15u << 3) | 2);
    make(A64_CPU_CORTEX_A53, 32, 0);
    EXPECT_EQ(sr(CLIDR), 0x09200003u);
    EXPECT_EQ(ccsidr(2), 0u);
    // Geometries the registers cannot express are rejected at configuration.
    a64_core_config cfg = default_cfg();
    cfg.l1d_kib = 3; // 3 KiB over 4 ways of 64-byte lines: 12 sets, fine
    EXPECT_EQ(a64_core_config_check(&cfg), nullptr);
    cfg.l1d_kib = 1;
    cfg.cpu = A64_CPU_CORTEX_A57; // 1 KiB, 2 ways: 8 sets
    EXPECT_EQ(a64_core_config_check(&cfg), nullptr);
    cfg.l2_kib = 1u << 20; // 1 GiB, 16 ways: 1 Mi sets > 32768
    EXPECT_NE(a64_core_config_check(&cfg), nullptr);
    EXPECT_EQ(a64_core_create(sys, &cfg, &cb), nullptr);
    cfg.l2_kib = 1024;
    cfg.cluster_cores = 8; // L2CTLR_EL1 counts at most 4: saturates
    a64_core *big = add_core(cfg);
    EXPECT_EQ((sr(A64_SYSREG(3, 1, 11, 0, 2), big) >> 24) & 3, 3u);
}

TEST_F(SysregTest, EachCoreTypeHasExactlyItsImplementationDefinedRows)
{
    size_t n = 0;
    const a64_sr *tab = a64_sysreg_table(&n);
    for (const CpuCase &k : kCpus) {
        SCOPED_TRACE(k.name);
        make(k.cpu);
        for (size_t i = 0; i < n; i++) {
            std::string nm = tab[i].name;
            bool dq =
                nm.rfind("DQ_", 0) == 0 || nm.rfind("CLUSTER", 0) == 0 || nm == "CPUPWRCTLR_EL1";
            bool a5x = nm == "CPUACTLR_EL1" || nm == "CPUECTLR_EL1" || nm == "CPUMERRSR_EL1" ||
                       nm == "L2MERRSR_EL1" || nm.rfind("L2", 0) == 0;
            if (!dq && !a5x) continue;
            bool present = k.dynamiq ? dq : a5x;
            if (nm == "DQ_CPUACTLR3_EL1") present = k.cpu == A64_CPU_CORTEX_A76;
            uint64_t e = 0;
            int to = one(1, enc::mrs(1, tab[i].enc), &e);
            EXPECT_EQ(to, present ? -1 : 1) << nm;
            if (!present) {
                EXPECT_EQ(e, esr::kUndef) << nm;
            }
        }
    }
}

TEST_F(SysregTest, ImplementationDefinedRegistersResetAndWriteEnables)
{
    constexpr uint32_t CPUACTLR = A64_SYSREG(3, 1, 15, 2, 0), CPUECTLR = A64_SYSREG(3, 1, 15, 2, 1),
                       L2CTLR = A64_SYSREG(3, 1, 11, 0, 2), ACTLR_EL2 = A64_SYSREG(3, 4, 1, 0, 1),
                       ACTLR_EL3 = A64_SYSREG(3, 6, 1, 0, 1);
    EXPECT_EQ(sr(CPUACTLR), 0x090ca000u);  // Cortex-A53 TRM reset value
    EXPECT_EQ(sr(CPUECTLR), 0u);           // SMPEN = 0 until firmware sets it
    EXPECT_EQ((sr(L2CTLR) >> 24) & 3, 3u); // 4 cores in the cluster
    // EL3 writes freely; EL2 needs ACTLR_EL3.CPUECTLR; EL1 needs ACTLR_EL2's too.
    x(0) = 0x40; // SMPEN
    EXPECT_EQ(one(3, enc::msr(CPUECTLR, 0)), -1);
    EXPECT_EQ(sr(CPUECTLR), 0x40u);
    uint64_t e = 0;
    EXPECT_EQ(one(2, enc::msr(CPUECTLR, 0), &e), 3);
    EXPECT_EQ(e, esr::sysreg(CPUECTLR, 0, false));
    EXPECT_EQ(one(2, enc::mrs(1, CPUECTLR)), -1); // reads are not gated
    set_sr(ACTLR_EL3, 2);
    EXPECT_EQ(one(2, enc::msr(CPUECTLR, 0)), -1);
    EXPECT_EQ(one(1, enc::msr(CPUECTLR, 0), &e), 2); // the EL2 trap comes first
    EXPECT_EQ(e, esr::sysreg(CPUECTLR, 0, false));
    set_sr(ACTLR_EL3, 0);
    set_sr(ACTLR_EL2, 2);
    EXPECT_EQ(one(1, enc::msr(CPUECTLR, 0), &e), 3);
    EXPECT_EQ(e, esr::sysreg(CPUECTLR, 0, false));
    set_sr(ACTLR_EL3, 2);
    EXPECT_EQ(one(1, enc::msr(CPUECTLR, 0)), -1);
    EXPECT_EQ(one(0, enc::mrs(1, CPUECTLR), &e), 1); // never at EL0
    EXPECT_EQ(e, esr::kUndef);
    // Cortex-A76: CPUACTLR3_EL1 exists; Cortex-A55: it does not.
    constexpr uint32_t CPUACTLR3 = A64_SYSREG(3, 0, 15, 1, 2);
    make(A64_CPU_CORTEX_A76);
    EXPECT_EQ(one(3, enc::mrs(1, CPUACTLR3)), -1);
    make(A64_CPU_CORTEX_A55);
    EXPECT_EQ(one(3, enc::mrs(1, CPUACTLR3), &e), 3);
    EXPECT_EQ(e, esr::kUndef);
    // DynamIQ: CPUPWRCTLR_EL1 and CLUSTERPWRDN_EL1 gated by ACTLR_ELx.PWREN (bit 7).
    constexpr uint32_t CPUPWRCTLR = A64_SYSREG(3, 0, 15, 2, 7),
                       CLUSTERPWRDN = A64_SYSREG(3, 0, 15, 3, 6);
    x(0) = 1;
    EXPECT_EQ(one(2, enc::msr(CPUPWRCTLR, 0), &e), 3);
    EXPECT_EQ(e, esr::sysreg(CPUPWRCTLR, 0, false));
    set_sr(ACTLR_EL3, 0x80);
    EXPECT_EQ(one(2, enc::msr(CPUPWRCTLR, 0)), -1);
    EXPECT_EQ(one(2, enc::msr(CLUSTERPWRDN, 0)), -1);
    EXPECT_EQ(sr(CPUPWRCTLR), 1u);
    EXPECT_EQ(sr(CLUSTERPWRDN), 1u);
    // CLUSTERPWRSTAT_EL1 is read-only.
    EXPECT_EQ(one(3, enc::msr(A64_SYSREG(3, 0, 15, 3, 7), 0), &e), 3);
    EXPECT_EQ(e, esr::kUndef);
}

// ---- HCR_EL2 trap controls of EL1 (and EL0) system-register accesses (Arm ARM
// D17.2.48 HCR_EL2: TVM, TRVM, TID1, TID2, TID3, TIDCP, TACR) ----

constexpr uint64_t kTid1 = 1ull << 16, kTid2 = 1ull << 17, kTid3 = 1ull << 18, kTidcp = 1ull << 20,
                   kTacr = 1ull << 21, kTvm = 1ull << 26, kTrvm = 1ull << 30, kHcrRw = 1ull << 31;

// The HCR_EL2 bit that traps a read (or write) of row `r` from EL0/EL1, from the
// Arm ARM's lists (not from the table's own column), 0 if none.
uint64_t hcr_trap_bit(const a64_sr &r, bool read)
{
    const std::string n = r.name;
    for (const char *vm : {"SCTLR_EL1", "TTBR0_EL1", "TTBR1_EL1", "TCR_EL1", "ESR_EL1", "FAR_EL1",
                           "AFSR0_EL1", "AFSR1_EL1", "MAIR_EL1", "AMAIR_EL1", "CONTEXTIDR_EL1"})
        if (n == vm) return read ? kTrvm : kTvm;
    if (n == "REVIDR_EL1" || n == "AIDR_EL1") return read ? kTid1 : 0;
    if (n == "CTR_EL0" || n == "CCSIDR_EL1" || n == "CLIDR_EL1") return read ? kTid2 : 0;
    if (n == "CSSELR_EL1") return kTid2;
    if (n.rfind("ID_AA64", 0) == 0) return read ? kTid3 : 0;
    if (n == "ACTLR_EL1") return kTacr;
    unsigned crn = (r.enc >> 7) & 15;
    if ((r.enc >> 14) == 3 && (crn == 11 || crn == 15)) return kTidcp; // IMPLEMENTATION DEFINED
    return 0;
}

// Every row, every EL, both directions, under each trap control alone: exactly the
// listed registers trap, from EL1 (EL0 only for CTR_EL0, the one listed register
// EL0 may access), to EL2 with the MSR/MRS syndrome and ELR_EL2 at the instruction;
// everything else (EL2 and EL3 accesses, other registers) behaves as with the bit
// clear. Non-secure below EL3, so EL2 is enabled.
TEST_F(SysregTest, HcrTrapControlsTrapExactlyTheirRegistersFromEl1AndEl0)
{
    size_t n = 0;
    const a64_sr *tab = a64_sysreg_table(&n);
    open_all(*this);
    unsigned trapped = 0;
    for (uint64_t bit : {kTvm, kTrvm, kTid1, kTid2, kTid3, kTidcp, kTacr}) {
        for (size_t k = 0; k < n; k++) {
            const a64_sr &r = tab[k];
            for (unsigned el = 0; el <= 3; el++) {
                for (bool read : {true, false}) {
                    if (!(r.access & (read ? A64_ACC_R(el) : A64_ACC_W(el)))) continue;
                    set_sr(SR_HCR_EL2, kHcrRw | bit);
                    bool expect_trap = el <= 1 && hcr_trap_bit(r, read) == bit;
                    uint64_t cur = 0;
                    a64_sysreg_get(core, r.enc, &cur);
                    x(3) = cur;
                    uint64_t e = 0;
                    int to = one(el, read ? enc::mrs(3, r.enc) : enc::msr(r.enc, 3), &e);
                    std::string what = name_el(r, el, read) + " HCR_EL2 bit " +
                                       std::to_string(__builtin_ctzll(bit));
                    if (expect_trap) {
                        trapped++;
                        EXPECT_EQ(to, 2) << what;
                        EXPECT_EQ(e, esr::sysreg(r.enc, 3, read)) << what;
                    } else if (undefined_despite_rights(r, el, read)) {
                        EXPECT_EQ(to, el == 0 ? 1 : (int)el) << what;
                        EXPECT_EQ(e, esr::kUndef) << what;
                    } else {
                        EXPECT_EQ(to, -1) << what << ": exception ESR 0x" << std::hex << e;
                    }
                }
            }
        }
    }
    // 11 VM controls both ways, 2 TID1 reads, 4 TID2 reads + CSSELR write + CTR_EL0
    // read at EL0, 11 ID_AA64 reads, 17 IMPLEMENTATION DEFINED rows both ways (but
    // CLUSTERPWRSTAT_EL1 is read-only), ACTLR_EL1 both ways.
    EXPECT_EQ(trapped, 22u + 2 + 6 + 11 + 33 + 2);
}

// One access per control with its whole syndrome spelled out: EC 0x18, IL 1,
// Op0/Op2/Op1/CRn/Rt/CRm/Direction, taken to EL2 with ELR_EL2 = the instruction
// (checked by one()); the same access with the bit clear, at EL2, and in Secure
// state (SCR_EL3.NS = 0: EL2 not enabled) completes.
TEST_F(SysregTest, HcrTrapsReportTheWholeSyndromeOnlyWhenEl2IsEnabled)
{
    struct Case {
        const char *what;
        uint64_t bit;
        unsigned el;
        uint32_t insn;
        uint64_t esr;
    };
    // MSR TTBR0_EL1, X7 / MRS X9, MAIR_EL1 / MRS X2, AIDR_EL1 / MSR CSSELR_EL1, X4 /
    // MRS X30, CTR_EL0 (EL0) / MRS X5, ID_AA64MMFR0_EL1 / MSR CPUACTLR_EL1, X6 /
    // MRS X8, L2CTLR_EL1 / MSR ACTLR_EL1, X0 / MRS X0, REVIDR_EL1.
    const Case cases[] = {
        {"TVM", kTvm, 1, enc::msr(A64_SYSREG(3, 0, 2, 0, 0), 7), esr::sys(3, 0, 2, 0, 0, 7, false)},
        {"TRVM", kTrvm, 1, enc::mrs(9, A64_SYSREG(3, 0, 10, 2, 0)),
         esr::sys(3, 0, 10, 2, 0, 9, true)},
        {"TID1", kTid1, 1, enc::mrs(2, A64_SYSREG(3, 1, 0, 0, 7)),
         esr::sys(3, 1, 0, 0, 7, 2, true)},
        {"TID2", kTid2, 1, enc::msr(A64_SYSREG(3, 2, 0, 0, 0), 4),
         esr::sys(3, 2, 0, 0, 0, 4, false)},
        {"TID2 EL0", kTid2, 0, enc::mrs(30, A64_SYSREG(3, 3, 0, 0, 1)),
         esr::sys(3, 3, 0, 0, 1, 30, true)},
        {"TID3", kTid3, 1, enc::mrs(5, A64_SYSREG(3, 0, 0, 7, 0)),
         esr::sys(3, 0, 0, 7, 0, 5, true)},
        {"TIDCP", kTidcp, 1, enc::msr(A64_SYSREG(3, 1, 15, 2, 0), 6),
         esr::sys(3, 1, 15, 2, 0, 6, false)},
        {"TIDCP read", kTidcp, 1, enc::mrs(8, A64_SYSREG(3, 1, 11, 0, 2)),
         esr::sys(3, 1, 11, 0, 2, 8, true)},
        {"TACR", kTacr, 1, enc::msr(A64_SYSREG(3, 0, 1, 0, 1), 0),
         esr::sys(3, 0, 1, 0, 1, 0, false)},
        {"TID1 REVIDR", kTid1, 1, enc::mrs(0, A64_SYSREG(3, 0, 0, 0, 6)),
         esr::sys(3, 0, 0, 0, 6, 0, true)},
    };
    open_all(*this);
    for (const Case &k : cases) {
        uint32_t enc_ = A64_SYSREG((k.esr >> 20) & 3, (k.esr >> 14) & 7, (k.esr >> 10) & 15,
                                   (k.esr >> 1) & 15, (k.esr >> 17) & 7);
        uint64_t cur = 0;
        ASSERT_EQ(a64_sysreg_get(core, enc_, &cur), 0) << k.what;
        unsigned rt = (unsigned)(k.esr >> 5) & 31;
        set_sr(SR_SCR_EL3, 1); // Non-secure
        set_sr(SR_HCR_EL2, kHcrRw | k.bit);
        x(rt) = cur;
        uint64_t e = 0;
        EXPECT_EQ(one(k.el, k.insn, &e), 2) << k.what;
        EXPECT_EQ(e, k.esr) << k.what;
        EXPECT_EQ(e >> 26, 0x18u) << k.what;
        EXPECT_EQ(st().el, 2) << k.what;
        EXPECT_EQ(sr(SR_ESR_EL1), 0u) << k.what; // nothing reached EL1
        x(rt) = cur;
        EXPECT_EQ(one(2, k.insn), -1) << k.what << " at EL2";
        set_sr(SR_HCR_EL2, kHcrRw);
        x(rt) = cur;
        EXPECT_EQ(one(k.el, k.insn), -1) << k.what << " with the bit clear";
        set_sr(SR_HCR_EL2, kHcrRw | k.bit);
        set_sr(SR_SCR_EL3, 0); // Secure: EL2 is not enabled
        x(rt) = cur;
        EXPECT_EQ(one(k.el, k.insn), -1) << k.what << " in Secure state";
    }
    // All the controls at once in Secure state: no EL1 access traps.
    set_sr(SR_SCR_EL3, 0);
    set_sr(SR_HCR_EL2, kHcrRw | kTvm | kTrvm | kTid1 | kTid2 | kTid3 | kTidcp | kTacr);
    EXPECT_EQ(one(1, enc::mrs(1, SR_SCTLR_EL1)), -1);
    EXPECT_EQ(one(1, enc::mrs(1, A64_SYSREG(3, 0, 0, 1, 0))), -1);
}

// Priorities (Arm ARM D1.x synchronous exception prioritisation; HCR_EL2 field
// descriptions): UNDEFINED first (no access right: EL0, or a read-only register
// written), then traps to EL1 (SCTLR_EL1.UCT), then to EL2, then to EL3 (ACTLR_EL3
// write enables). TGE does not turn the controls off.
TEST_F(SysregTest, HcrTrapPriorities)
{
    constexpr uint32_t CTR = A64_SYSREG(3, 3, 0, 0, 1), CPUACTLR = A64_SYSREG(3, 1, 15, 2, 0),
                       PFR0 = SR_ID_AA64PFR0_EL1;
    uint64_t e = 0;
    set_sr(SR_HCR_EL2, kHcrRw | kTvm | kTrvm | kTid2 | kTid3 | kTidcp);
    // EL0 has no access to SCTLR_EL1 or the ID registers: UNDEFINED, to EL1.
    EXPECT_EQ(one(0, enc::mrs(1, SR_SCTLR_EL1), &e), 1);
    EXPECT_EQ(e, esr::kUndef);
    EXPECT_EQ(one(0, enc::mrs(1, PFR0), &e), 1);
    EXPECT_EQ(e, esr::kUndef);
    // ID registers are read-only: a write is UNDEFINED, not a TID3 trap.
    EXPECT_EQ(one(1, enc::msr(PFR0, 1), &e), 1);
    EXPECT_EQ(e, esr::kUndef);
    // CTR_EL0 at EL0 with SCTLR_EL1.UCT = 0: the EL1 trap wins over TID2.
    EXPECT_EQ(one(0, enc::mrs(1, CTR), &e), 1);
    EXPECT_EQ(e, esr::sysreg(CTR, 1, true));
    // ... and under TGE it goes to EL2 all the same, with the same syndrome.
    set_sr(SR_HCR_EL2, kHcrRw | kTid2 | (1ull << 27));
    EXPECT_EQ(one(0, enc::mrs(1, CTR), &e), 2);
    EXPECT_EQ(e, esr::sysreg(CTR, 1, true));
    // TGE = 1 leaves TID2 in force at EL1.
    EXPECT_EQ(one(1, enc::mrs(1, CTR), &e), 2);
    EXPECT_EQ(e, esr::sysreg(CTR, 1, true));
    // CPUACTLR_EL1 write at EL1 without the ACTLR_EL3 enable: TIDCP (EL2) first.
    set_sr(SR_HCR_EL2, kHcrRw | kTidcp);
    set_sr(A64_SYSREG(3, 4, 1, 0, 1), 0xff); // ACTLR_EL2
    set_sr(A64_SYSREG(3, 6, 1, 0, 1), 0);    // ACTLR_EL3
    EXPECT_EQ(one(1, enc::msr(CPUACTLR, 2), &e), 2);
    EXPECT_EQ(e, esr::sysreg(CPUACTLR, 2, false));
    set_sr(SR_HCR_EL2, kHcrRw);
    EXPECT_EQ(one(1, enc::msr(CPUACTLR, 2), &e), 3);
    EXPECT_EQ(e, esr::sysreg(CPUACTLR, 2, false));
}

// TIDCP covers the whole IMPLEMENTATION DEFINED encoding space at EL1 (an encoding
// this core type has no register for traps instead of being UNDEFINED); whether it
// traps EL0 is IMPLEMENTATION DEFINED, and here EL0 stays UNDEFINED. TID3 covers the
// reserved ID space (op0=3 op1=0 CRn=0 CRm=1..7), which otherwise reads as zero.
TEST_F(SysregTest, TidcpAndTid3CoverTheirWholeEncodingSpaces)
{
    constexpr uint32_t UNLISTED = A64_SYSREG(3, 0, 15, 15, 7),
                       DQ_CPUACTLR = A64_SYSREG(3, 0, 15, 1, 0), // absent on a Cortex-A53
        ID_PFR0 = A64_SYSREG(3, 0, 0, 1, 0), RESERVED_ID = A64_SYSREG(3, 0, 0, 7, 7);
    uint64_t e = 0;
    set_sr(SR_HCR_EL2, kHcrRw | kTidcp);
    EXPECT_EQ(one(1, enc::mrs(4, UNLISTED), &e), 2);
    EXPECT_EQ(e, esr::sysreg(UNLISTED, 4, true));
    EXPECT_EQ(one(1, enc::msr(DQ_CPUACTLR, 4), &e), 2);
    EXPECT_EQ(e, esr::sysreg(DQ_CPUACTLR, 4, false));
    EXPECT_EQ(one(0, enc::mrs(4, UNLISTED), &e), 1);
    EXPECT_EQ(e, esr::kUndef);
    EXPECT_EQ(one(2, enc::mrs(4, UNLISTED), &e), 2); // EL2: UNDEFINED, not trapped
    EXPECT_EQ(e, esr::kUndef);
    set_sr(SR_HCR_EL2, kHcrRw);
    EXPECT_EQ(one(1, enc::mrs(4, UNLISTED), &e), 1);
    EXPECT_EQ(e, esr::kUndef);

    set_sr(SR_HCR_EL2, kHcrRw | kTid3);
    for (uint32_t id : {ID_PFR0, RESERVED_ID}) {
        EXPECT_EQ(one(1, enc::mrs(6, id), &e), 2);
        EXPECT_EQ(e, esr::sysreg(id, 6, true));
        x(6) = 9;
        EXPECT_EQ(one(2, enc::mrs(6, id)), -1); // RAZ at EL2
        EXPECT_EQ(x(6), 0u);
        EXPECT_EQ(one(1, enc::msr(id, 6), &e), 1); // no write: UNDEFINED first
        EXPECT_EQ(e, esr::kUndef);
    }
    set_sr(SR_SCR_EL3, 0); // Secure EL1: no trap
    EXPECT_EQ(one(1, enc::mrs(6, ID_PFR0)), -1);
}

} // namespace
