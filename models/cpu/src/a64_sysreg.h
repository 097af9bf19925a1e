/*
 * The system-register table's types (rows in a64_sysregs.def) and the regime checks
 * every other part of the core asks: which EL2 rules apply, which SCTLR is in force,
 * whether the current regime can be modelled. a64_core.c calls these; nothing here
 * calls back into a64_core.c.
 */
#ifndef A64_SYSREG_H
#define A64_SYSREG_H

/* Access rights per EL (bit 2*el = read, bit 2*el+1 = write). "PLn" rows are
 * accessible at EL n and every higher EL, as in QEMU's ARMCPRegInfo. */
#define A64_ACC_R(el) (1u << (2 * (el)))
#define A64_ACC_W(el) (1u << (2 * (el) + 1))
#define PL3_R         A64_ACC_R(3)
#define PL3_W         A64_ACC_W(3)
#define PL3_RW        (PL3_R | PL3_W)
#define PL2_R         (A64_ACC_R(2) | PL3_R)
#define PL2_W         (A64_ACC_W(2) | PL3_W)
#define PL2_RW        (PL2_R | PL2_W)
#define PL1_R         (A64_ACC_R(1) | PL2_R)
#define PL1_W         (A64_ACC_W(1) | PL2_W)
#define PL1_RW        (PL1_R | PL1_W)
#define PL0_R         (A64_ACC_R(0) | PL1_R)
#define PL0_W         (A64_ACC_W(0) | PL1_W)
#define PL0_RW        (PL0_R | PL0_W)

/* What a row's check function says about an access in the current state. */
typedef enum a64_sr_acc {
    A64_ACC_OK,
    A64_ACC_UNDEF,    /* UNDEFINED (EC 0x00) */
    A64_ACC_TRAP_EL1, /* trapped, EC 0x18 with the MSR/MRS syndrome, to that EL */
    A64_ACC_TRAP_EL2,
    A64_ACC_TRAP_EL3,
    A64_ACC_RAISED, /* the check raised its own exception (c->exc set), e.g. EC 0x07 */
} a64_sr_acc;

/* Which HCR_EL2 trap control covers a row (Arm ARM D17.2.48 HCR_EL2): its
 * accesses from EL0/EL1 (those the access rights allow) trap to EL2 with EC 0x18
 * when EL2 is enabled in the current Security state and the control is 1. */
typedef enum a64_sr_hcr_group {
    HT_NONE,
    HT_VM,   /* writes: TVM [26]; reads: TRVM [30] (EL1 virtual-memory controls) */
    HT_ID1,  /* reads: TID1 [16] (REVIDR_EL1, AIDR_EL1) */
    HT_ID2,  /* reads and writes: TID2 [17] (CTR_EL0, CCSIDR/CLIDR/CSSELR_EL1) */
    HT_ID3,  /* reads: TID3 [18] (ID group 3: ID_AA64* and the ID space CRm 1..7) */
    HT_IDCP, /* reads and writes: TIDCP [20] (IMPLEMENTATION DEFINED, CRn 11/15) */
    HT_ACR,  /* reads and writes: TACR [21] (ACTLR_EL1) */
    HT_COUNT
} a64_sr_hcr_group;

typedef struct a64_sr a64_sr;
typedef a64_sr_acc (*a64_sr_check_fn)(a64_core *c, const a64_sr *r, bool read);
typedef uint64_t (*a64_sr_read_fn)(a64_core *c, const a64_sr *r);
typedef a64_status (*a64_sr_write_fn)(a64_core *c, const a64_sr *r, uint64_t v);

/* One row of a64_sysregs.def. */
struct a64_sr {
    uint32_t enc;    /* A64_SYSREG(op0, op1, CRn, CRm, op2) */
    uint16_t id;     /* A64_SR_<name>: index into a64_core.sr[] */
    uint16_t access; /* PLn_* bits */
    uint8_t hcr;     /* a64_sr_hcr_group: the HCR_EL2 trap control(s) of the row */
    uint64_t reset;
    a64_sr_check_fn check;
    a64_sr_read_fn read;
    a64_sr_write_fn write;
    const char *name;
};

/* Handler prototypes, generated from the rows (the same name may appear in many). */
#define A64_SR(id, op0, op1, crn, crm, op2, access, hcr, reset, check, read, write)                \
    a64_sr_acc check(a64_core *c, const a64_sr *r, bool rd);                                       \
    uint64_t read(a64_core *c, const a64_sr *r);                                                   \
    a64_status write(a64_core *c, const a64_sr *r, uint64_t v);
#include "a64_sysregs.def"
#undef A64_SR

/* The table, sorted by encoding (for tests and tools: every row, its name). */
const a64_sr *a64_sysreg_table(size_t *count);
const a64_sr *a64_sysreg_find(uint32_t enc);

/* Store a register's value: the single write path of stored registers (handlers
 * call it after masking/fixing bits). */
a64_status a64_sr_store(a64_core *c, const a64_sr *r, uint64_t v);

/* Regime checks (Arm ARM D1.x "EL2 enabled", SCTLR in force). */
bool a64_el2_enabled(const a64_core *c);
uint64_t a64_sctlr_cur(const a64_core *c);
/* False (fatal_msg set) if the current translation regime cannot be modelled
 * (SCTLR.EE/E0E = 1: big-endian data; HCR_EL2.VM/DC = 1: stage 2, default
 * cacheable). SCTLR.M = 1 is modelled (stage 1, a64_mmu.c). */
bool a64_check_regime(a64_core *c);

/* ID and IMPLEMENTATION DEFINED register values of the configured core type
 * (a64_idregs.c), applied after the rows' reset values. */
void a64_idregs_reset(a64_core *c);

/* ---- PMUv3 (a64_pmu.c) ---- */
void a64_pmu_reset(a64_core *c);
/* Fold the lazily derived counts into the counters, raise overflow flags and the
 * interrupt, recompute which counters run and the next overflow deadline. Call
 * after anything that changes what counts (EL, enables, filters, MDCR). */
void a64_pmu_sync(a64_core *c);

#endif
