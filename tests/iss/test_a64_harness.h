// Shared fixture for the ISS unit tests: one system with 1 MiB of RAM at
// 0x40000000 (the platform's RAM base), one or more cores, hand-encoded programs.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

extern "C" {
#include "a64/a64.h"
}

constexpr uint64_t kRam = 0x40000000;
constexpr uint64_t kRamSize = 1 << 20;

struct MmioLog {
    uint64_t pa, value;
    unsigned size;
    bool write;
    bool ns; // a64_access_ns(): the access's physical address space
};

class A64Test : public ::testing::Test
{
  public:
    A64Test();
    ~A64Test() override;

    // Create (another) core. Defaults: EL1 reset, no EL2/EL3, PC = kRam.
    a64_core *add_core(a64_core_config cfg);
    a64_core_config default_cfg() const;
    // Copy instruction words to RAM at pa (and tell the cores' predecode cache).
    void load(uint64_t pa, std::initializer_list<uint32_t> words);
    void load(uint64_t pa, const std::vector<uint32_t> &words);
    // Run core until a stop; returns the stop info.
    a64_stop_info run(uint64_t budget = 100000, a64_core *c = nullptr);
    uint64_t &x(unsigned r) { return a64_core_state(core)->x[r]; }
    a64_state &st() { return *a64_core_state(core); }
    uint64_t sr(uint32_t enc, a64_core *c = nullptr);
    void set_sr(uint32_t enc, uint64_t v, a64_core *c = nullptr);
    uint64_t ram64(uint64_t pa) const;
    uint32_t ram32(uint64_t pa) const;
    void put64(uint64_t pa, uint64_t v);
    void put32(uint64_t pa, uint32_t v);

    std::vector<uint8_t> ram;
    a64_system *sys = nullptr;
    a64_core *core = nullptr;
    std::vector<a64_core *> cores;
    a64_callbacks cb{};

    // MMIO window 0x09000000..0x09001000 served by the callbacks; everything else faults.
    std::vector<MmioLog> mmio;
    uint64_t mmio_read_value = 0x1122334455667788ull;
    uint64_t mmio_latency = 7;
    std::vector<std::pair<uint32_t, uint64_t>> sysreg_writes;
    uint64_t sysreg_read_value = 0;
    std::vector<uint32_t> sysreg_reads;
    // callbacks.sysreg_trap: every question asked, and the answer (non-zero: trap).
    std::vector<uint32_t> sysreg_trap_queries;
    int sysreg_trap_answer = 0;
    std::vector<a64_core *> events;
};

// Common encodings (Arm ARM C6). Helpers build instruction words so tests read
// like assembly.
namespace enc
{
inline uint32_t movz(unsigned rd, unsigned imm16, unsigned hw = 0, bool x = true)
{
    return (x ? 0xd2800000u : 0x52800000u) | (hw << 21) | (imm16 << 5) | rd;
}
inline uint32_t movk(unsigned rd, unsigned imm16, unsigned hw = 0)
{
    return 0xf2800000u | (hw << 21) | (imm16 << 5) | rd;
}
inline uint32_t nop()
{
    return 0xd503201fu;
}
inline uint32_t hlt(unsigned imm)
{
    return 0xd4400000u | (imm << 5);
}
inline uint32_t brk(unsigned imm)
{
    return 0xd4200000u | (imm << 5);
}
inline uint32_t svc(unsigned imm)
{
    return 0xd4000001u | (imm << 5);
}
inline uint32_t hvc(unsigned imm)
{
    return 0xd4000002u | (imm << 5);
}
inline uint32_t smc(unsigned imm)
{
    return 0xd4000003u | (imm << 5);
}
inline uint32_t eret()
{
    return 0xd69f03e0u;
}
inline uint32_t wfi()
{
    return 0xd503207fu;
}
inline uint32_t wfe()
{
    return 0xd503205fu;
}
inline uint32_t sev()
{
    return 0xd503209fu;
}
inline uint32_t sevl()
{
    return 0xd50320bfu;
}
inline uint32_t b(int32_t words)
{
    return 0x14000000u | ((uint32_t)words & 0x3ffffffu);
}
inline uint32_t msr(uint32_t sysreg, unsigned rt)
{
    return 0xd5100000u | (sysreg << 5) | rt;
}
inline uint32_t mrs(unsigned rt, uint32_t sysreg)
{
    return 0xd5300000u | (sysreg << 5) | rt;
}
// Stop marker used by tests: HLT #0xF000 (semihosting) ends a program.
inline uint32_t stop()
{
    return hlt(0xf000);
}
} // namespace enc

// Whole ESR_ELx values (Arm ARM D17.2.37 ESR_ELx), so tests compare every field
// rather than the EC alone. IL is 1 for every A64 instruction.
namespace esr
{
// EC 0x00 (Unknown reason: UNDEFINED instructions): IL = 1, ISS = 0.
constexpr uint64_t kUndef = 1ull << 25;
// EC 0x07 (SIMD&FP access trap) from AArch64: ISS CV = 1, COND = 0xE
// (ConditionSyndrome()), the rest 0.
constexpr uint64_t kFpTrap = (0x07ull << 26) | (1ull << 25) | (1ull << 24) | (0xeull << 20);
// EC 0x18 (trapped MSR, MRS or System instruction), ISS: Op0 [21:20], Op2 [19:17],
// Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1 = read, MRS).
constexpr uint64_t sys(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2,
                       unsigned rt, bool read)
{
    return (0x18ull << 26) | (1ull << 25) | ((uint64_t)op0 << 20) | ((uint64_t)op2 << 17) |
           ((uint64_t)op1 << 14) | ((uint64_t)crn << 10) | ((uint64_t)rt << 5) |
           ((uint64_t)crm << 1) | (read ? 1u : 0u);
}
// The same for MRS (read) or MSR (write) of an A64_SYSREG() encoding.
constexpr uint64_t sysreg(uint32_t enc, unsigned rt, bool read)
{
    return sys(enc >> 14, (enc >> 11) & 7, (enc >> 7) & 15, (enc >> 3) & 15, enc & 7, rt, read);
}
} // namespace esr

// System registers used by tests.
#define SR_SCTLR_EL1        A64_SYSREG(3, 0, 1, 0, 0)
#define SR_SCTLR_EL2        A64_SYSREG(3, 4, 1, 0, 0)
#define SR_SCTLR_EL3        A64_SYSREG(3, 6, 1, 0, 0)
#define SR_HCR_EL2          A64_SYSREG(3, 4, 1, 1, 0)
#define SR_SCR_EL3          A64_SYSREG(3, 6, 1, 1, 0)
#define SR_VBAR_EL1         A64_SYSREG(3, 0, 12, 0, 0)
#define SR_VBAR_EL2         A64_SYSREG(3, 4, 12, 0, 0)
#define SR_VBAR_EL3         A64_SYSREG(3, 6, 12, 0, 0)
#define SR_ESR_EL1          A64_SYSREG(3, 0, 5, 2, 0)
#define SR_ESR_EL2          A64_SYSREG(3, 4, 5, 2, 0)
#define SR_ESR_EL3          A64_SYSREG(3, 6, 5, 2, 0)
#define SR_ELR_EL1          A64_SYSREG(3, 0, 4, 0, 1)
#define SR_ELR_EL2          A64_SYSREG(3, 4, 4, 0, 1)
#define SR_ELR_EL3          A64_SYSREG(3, 6, 4, 0, 1)
#define SR_SPSR_EL1         A64_SYSREG(3, 0, 4, 0, 0)
#define SR_SPSR_EL2         A64_SYSREG(3, 4, 4, 0, 0)
#define SR_SPSR_EL3         A64_SYSREG(3, 6, 4, 0, 0)
#define SR_FAR_EL1          A64_SYSREG(3, 0, 6, 0, 0)
#define SR_FAR_EL2          A64_SYSREG(3, 4, 6, 0, 0)
#define SR_FAR_EL3          A64_SYSREG(3, 6, 6, 0, 0)
#define SR_DAIF             A64_SYSREG(3, 3, 4, 2, 1)
#define SR_NZCV             A64_SYSREG(3, 3, 4, 2, 0)
#define SR_CURRENTEL        A64_SYSREG(3, 0, 4, 2, 2)
#define SR_MPIDR_EL1        A64_SYSREG(3, 0, 0, 0, 5)
#define SR_MIDR_EL1         A64_SYSREG(3, 0, 0, 0, 0)
#define SR_ISR_EL1          A64_SYSREG(3, 0, 12, 1, 0)
#define SR_CNTFRQ_EL0       A64_SYSREG(3, 3, 14, 0, 0)
#define SR_CNTKCTL_EL1      A64_SYSREG(3, 0, 14, 1, 0)
#define SR_CNTPCT_EL0       A64_SYSREG(3, 3, 14, 0, 1)
#define SR_ID_AA64PFR0_EL1  A64_SYSREG(3, 0, 0, 4, 0)
#define SR_ID_AA64ISAR0_EL1 A64_SYSREG(3, 0, 0, 6, 0)
#define SR_SP_EL0           A64_SYSREG(3, 0, 4, 1, 0)
#define SR_SPSEL            A64_SYSREG(3, 0, 4, 2, 0)
#define SR_TPIDR_EL0        A64_SYSREG(3, 3, 13, 0, 2)
#define SR_ICC_IAR1_EL1     A64_SYSREG(3, 0, 12, 12, 0)
#define SR_ICC_PMR_EL1      A64_SYSREG(3, 0, 4, 6, 0)
