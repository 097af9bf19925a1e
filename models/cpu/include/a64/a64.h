/*
 * a64: a cycle-accounted AArch64 instruction-set simulator in plain C11.
 *
 * Public API (the seam to SystemC and to tests). No SystemC, no C++.
 *
 * - An a64_system is what the cores of one machine share: the RAM regions (host
 *   pointers, the fast path), the predecoded-instruction cache (keyed by physical
 *   address, invalidated on writes to code and on IC maintenance), the global
 *   exclusive monitor and the Inner Shareable domain of TLB maintenance.
 * - Each core translates with a VMSAv8-64 stage-1 MMU (EL1&0, EL2, EL3 regimes) through
 *   its own software TLBs (docs/iss.md, "Memory system").
 * - An a64_core is one PE: all of its architectural state lives in one struct
 *   (a64_state, public) plus the system-register file (private).
 * - a64_run() steps a core for at most a cycle budget and says why it stopped.
 *   Everything else (timer, GIC CPU interface, MMIO devices, the PSCI conduit,
 *   semihosting) is the caller's, reached through a64_callbacks or stop reasons.
 *
 * References: Arm DDI 0487 (Arm ARM) for the architecture; Arm DEN 0028 (SMCCC)
 * for the conduit; the Arm semihosting specification for HLT #0xF000.
 */
#ifndef A64_A64_H
#define A64_A64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct a64_system a64_system;
typedef struct a64_core a64_core;

/* Why a64_run() returned. */
typedef enum a64_stop {
    A64_STOP_BUDGET,     /* the cycle budget was spent */
    A64_STOP_WFI,        /* WFI with no interrupt pending: PC is after the WFI */
    A64_STOP_WFE,        /* WFE with the event register clear: PC is after the WFE */
    A64_STOP_CONDUIT,    /* SMC #0 or HVC #0 on the configured conduit: PC is after it;
                          * the caller reads x0..x17, writes x0..x3, runs again */
    A64_STOP_SEMIHOST,   /* HLT #0xF000: PC is after it; operation in w0, parameter in x1;
                          * the caller writes the result to x0 */
    A64_STOP_BREAKPOINT, /* PC reached a breakpoint; that instruction has not executed */
    A64_STOP_REQUESTED,  /* a callback called a64_request_stop(), or a single step ended */
    A64_STOP_WATCHPOINT, /* a data access matched a watchpoint: that instruction has not
                          * executed and costs nothing yet (see a64_watchpoint_hit) */
    A64_STOP_FATAL,      /* unrecoverable guest error (see a64_stop_info.message) */
} a64_stop;

typedef struct a64_stop_info {
    a64_stop reason;
    uint64_t cycles;       /* cycles consumed by this call (>= budget only for BUDGET) */
    uint64_t instructions; /* instructions retired by this call */
    uint16_t imm;          /* immediate of the SMC/HVC/HLT that stopped the core */
    bool is_hvc;           /* CONDUIT: true for HVC, false for SMC */
    char message[200];     /* FATAL: one line naming the core (MPIDR), PC, ESR and cause */
} a64_stop_info;

/* Which conduit instruction (with immediate 0) is a PSCI/SMCCC call to the host. */
typedef enum a64_conduit {
    A64_CONDUIT_NONE, /* SMC and HVC behave architecturally */
    A64_CONDUIT_SMC,
    A64_CONDUIT_HVC,
} a64_conduit;

/*
 * Cycles per instruction class (the in-order timing model). Memory latency
 * reported by the bus callbacks is added on top. Documented in docs/iss.md.
 */
typedef struct a64_timing {
    uint32_t alu;          /* data processing, moves, logic, shifts, bitfield */
    uint32_t mul;          /* MUL/MADD/SMULL/UMULH... */
    uint32_t div;          /* SDIV/UDIV */
    uint32_t branch;       /* taken or not, direct or indirect */
    uint32_t branch_taken; /* extra cycles for a taken branch (pipeline refill) */
    uint32_t load;         /* single load, RAM hit */
    uint32_t store;        /* single store, RAM hit */
    uint32_t pair_extra;   /* extra for LDP/STP (second beat) */
    uint32_t exclusive;    /* LDXR/STXR/acquire-release extra */
    uint32_t atomic;       /* LSE atomic read-modify-write */
    uint32_t barrier;      /* DMB/DSB/ISB */
    uint32_t sysreg;       /* MRS/MSR and other system instructions */
    uint32_t cache_maint;  /* DC/IC/TLBI operations */
    uint32_t exception;    /* taking an exception (entry) */
    uint32_t eret;         /* ERET */
    uint32_t fp;           /* scalar FP add/sub/compare/convert/move/select */
    uint32_t fp_mul;       /* scalar FP multiply and fused multiply-add */
    uint32_t fp_div;       /* scalar FP divide and square root */
    uint32_t simd;         /* AdvSIMD integer, bitwise, permute, across-lanes */
    uint32_t simd_mul;     /* AdvSIMD integer multiply and vector FP arithmetic */
} a64_timing;

/* Defaults for a Cortex-A53-like in-order core. */
const a64_timing *a64_timing_default(void);

/* The core types whose identification, IMPLEMENTATION DEFINED registers and caches
 * the ISS describes (docs/iss.md has the table). The instruction set and timing
 * do not depend on it. */
typedef enum a64_cpu_type {
    A64_CPU_CORTEX_A53, /* the default */
    A64_CPU_CORTEX_A55,
    A64_CPU_CORTEX_A57,
    A64_CPU_CORTEX_A72,
    A64_CPU_CORTEX_A76,
    A64_CPU_COUNT
} a64_cpu_type;
/* "arm,cortex-a53" (a device-tree compatible) or "cortex-a53" -> type; -1 if unknown. */
int a64_cpu_lookup(const char *name, a64_cpu_type *type);
const char *a64_cpu_name(a64_cpu_type type); /* "arm,cortex-a53", ... */

typedef struct a64_core_config {
    uint64_t mpidr;           /* MPIDR_EL1: bit 31 set, Aff1 = cluster, Aff0 = core */
    uint64_t midr;            /* MIDR_EL1 (0 = the value of `cpu`, see docs/iss.md) */
    bool have_el2;            /* EL2 implemented */
    bool have_el3;            /* EL3 implemented */
    a64_conduit conduit;      /* which of SMC #0 / HVC #0 stops with A64_STOP_CONDUIT */
    uint64_t rvbar;           /* cold-reset PC */
    unsigned reset_el;        /* EL entered at cold reset (must be implemented) */
    uint64_t cntfrq;          /* initial CNTFRQ_EL0 */
    const a64_timing *timing; /* NULL = a64_timing_default() */
    a64_cpu_type cpu;         /* core type: MIDR, IMPDEF registers, cache geometry */
    unsigned cluster_cores;   /* cores in this core's cluster (L2CTLR_EL1); 0 = 1 */
    uint32_t l1d_kib;         /* L1 data cache per core, KiB (0 = the core type's) */
    uint32_t l2_kib;          /* L2 of the cluster, KiB (0 = no L2 described) */
} a64_core_config;

/* NULL if a64_core_create() accepts cfg, else a one-line reason (static string). */
const char *a64_core_config_check(const a64_core_config *cfg);

/*
 * What a core needs from the rest of the system. Any pointer may be NULL, which
 * means "nothing there": accesses fault, system registers are UNDEFINED.
 */
typedef struct a64_callbacks {
    void *ctx;
    /* A data access to a physical address outside every RAM region. size is 1, 2,
     * 4 or 8. Return 0 on success; non-zero makes it a synchronous external abort
     * (a data abort the guest sees). Add the access latency to *cycles. The
     * access's physical address space is a64_access_ns(core). */
    int (*read)(void *ctx, a64_core *core, uint64_t pa, unsigned size, uint64_t *value,
                uint64_t *cycles);
    int (*write)(void *ctx, a64_core *core, uint64_t pa, unsigned size, uint64_t value,
                 uint64_t *cycles);
    /* System registers the core does not implement itself: the generic timer
     * (CNTPCT, CNTVCT, CNTP_*, CNTV_*, CNTHP_* ...) and the GICv3 CPU interface
     * (ICC_*). enc = A64_SYSREG(op0, op1, crn, crm, op2). Return 0 if handled,
     * non-zero to make the access UNDEFINED. Called only after the core's own EL
     * access checks for the register's class have passed. */
    int (*sysreg_read)(void *ctx, a64_core *core, uint32_t enc, uint64_t *value);
    int (*sysreg_write)(void *ctx, a64_core *core, uint32_t enc, uint64_t value);
    /* Another core's SEV, or a store that cleared this core's exclusive monitor,
     * set the event register of `target`: wake it if it waits in WFE. */
    void (*event)(void *ctx, a64_core *target);
    /* The PMU overflow interrupt request (PMUIRQ, a level; the platform wires it to
     * PPI 23) changed to `level`. Called from inside a64_run and from resets. */
    void (*pmu_irq)(void *ctx, a64_core *core, bool level);
    /* An exception was taken (eret = false, from_el may equal to_el; ec = the exception
     * class written to ESR_ELx, or A64_EL_CHANGE_IRQ / A64_EL_CHANGE_FIQ) or by an ERET
     * (eret = true, ec = 0), for observers (firmware-mode measurements). Called from
     * inside a64_run once the change is complete (PC at the vector or return address;
     * a64_core_cycles() is the time of the change). Must not change the core. */
    void (*el_change)(void *ctx, a64_core *core, unsigned from_el, unsigned to_el, bool eret,
                      uint32_t ec);
    /* PSTATE.EL or SCR_EL3 may have changed (exception entry or return, an SCR_EL3
     * write, a reset): the GICv3 CPU interface signals IRQ or FIQ and picks its
     * banked ICC registers from the current EL and SCR_EL3.NS (Arm IHI 0069 4.6.2,
     * 12.1.7). Called from inside a64_run and from resets; a64_core_state() and
     * a64_sysreg_get() give the new state. */
    void (*pe_state)(void *ctx, a64_core *core);
    /* Trap rules a device's own state decides (the GIC's ICC_SRE_EL2.Enable and
     * ICH_HCR_EL2.TC/TALL0/TALL1/TDIR): asked before a Non-secure EL1 access to a
     * device register whose EL2 is enabled; non-zero traps it to EL2 (EC 0x18).
     * enc may carry A64_SYSREG_VIRTUAL. NULL: no such traps. */
    int (*sysreg_trap)(void *ctx, a64_core *core, uint32_t enc, bool read);
} a64_callbacks;
#define A64_EL_CHANGE_IRQ 0x100u
#define A64_EL_CHANGE_FIQ 0x101u

/* Who owns a system register, from the core's table (docs/iss.md): the platform
 * routes callbacks.sysreg_read/write by it. NONE: not a register (UNDEFINED). */
typedef enum a64_sysreg_owner {
    A64_SR_OWNER_NONE,
    A64_SR_OWNER_CORE,  /* the ISS itself (never reaches the callbacks) */
    A64_SR_OWNER_TIMER, /* generic timer: CNTPCT/CNTVCT, CNTP_*, CNTV_*, CNTHP_*, CNTPS_*, CNTVOFF
                         */
    A64_SR_OWNER_GIC,   /* the GICv3 CPU interface: ICC_* */
} a64_sysreg_owner;
a64_sysreg_owner a64_sysreg_owner_of(uint32_t enc);

/* op0:op1:CRn:CRm:op2 as in bits [20:5] of an MRS/MSR instruction word. */
#define A64_SYSREG(op0, op1, crn, crm, op2)                                                        \
    ((uint32_t)(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2)))
/* Set in the enc given to callbacks.sysreg_read/write/trap when a Non-secure EL1
 * access to an ICC_* register goes to the virtual CPU interface instead (ICV_*,
 * Arm IHI 0069 8.3.1: HCR_EL2.FMO for Group 0, IMO for Group 1, either for the
 * common registers). Outside the 16 bits of an encoding. */
#define A64_SYSREG_VIRTUAL (1u << 16)

/* Architectural state a caller may read and change between a64_run() calls. */
/* One 128-bit SIMD&FP register (V0..V31), little-endian element order: element i of
 * size e is bytes [i*e, (i+1)*e). Scalar B/H/S/D views are element 0. */
typedef union a64_vreg {
    uint8_t b[16];
    uint16_t h[8];
    uint32_t s[4];
    uint64_t d[2];
} a64_vreg;

typedef struct a64_state {
    uint64_t x[31];    /* X0..X30 */
    uint64_t sp_el[4]; /* SP_EL0..SP_EL3 */
    uint64_t pc;
    uint32_t nzcv;  /* PSTATE.{N,Z,C,V} in bits [31:28] */
    uint32_t daif;  /* PSTATE.{D,A,I,F} in bits [9:6], as in SPSR/DAIF */
    uint8_t el;     /* PSTATE.EL */
    uint8_t spsel;  /* PSTATE.SP: 0 = SP_EL0, 1 = SP_ELx */
    bool event;     /* the event register (WFE/SEV) */
    a64_vreg v[32]; /* V0..V31 (not banked; zero at reset) */
    uint32_t fpcr;  /* FPCR: AHP, DN, FZ, RMode (trap enables RAZ/WI) */
    uint32_t fpsr;  /* FPSR: N,Z,C,V unused in AArch64; QC, IDC, IXC, UFC, OFC, DZC, IOC */
} a64_state;

/* ---- system ---- */
a64_system *a64_system_create(void);
void a64_system_destroy(a64_system *sys);
/* Map [base, base+size) to host memory owned by the caller. Returns 0, or -1 if it
 * overlaps another region or base is not 4 KiB aligned. Instruction fetch is possible
 * only from RAM regions. */
int a64_system_map_ram(a64_system *sys, uint64_t base, uint64_t size, uint8_t *host);
/*
 * Access checks of a RAM region: which accesses the memory behind a host pointer
 * accepts, by physical address space (Arm ARM D8.x: a Secure or a Non-secure
 * access) and direction. A system filter such as the FVP's Secure-only Trusted
 * SRAM or a TZC-400 in front of DRAM answers here, so that the RAM fast path
 * keeps working for what it allows. The verdict must be the same for every byte
 * of a 4 KiB page (the filters' granule) until a64_system_ram_check_changed().
 * probe: no access is made yet (a micro-TLB fill or DC ZVA asking ahead, a
 * debugger's walk): answer without side effects (a filter records only refusals
 * of real accesses).
 */
typedef enum a64_ram_verdict {
    A64_RAM_ALLOW,  /* the access reaches the memory */
    A64_RAM_RAZ_WI, /* refused with an OKAY response: reads return 0, writes are dropped */
    A64_RAM_ABORT,  /* refused with an error response: a synchronous External abort */
} a64_ram_verdict;
typedef a64_ram_verdict (*a64_ram_check_fn)(void *ctx, uint64_t pa, bool ns, bool write,
                                            bool probe);
/* Install (fn != NULL) or remove the check of the region mapped at base. 0, or -1
 * if no region starts there. */
int a64_system_set_ram_check(a64_system *sys, uint64_t base, a64_ram_check_fn fn, void *ctx);
/* A check's answers changed (a filter was reprogrammed): every core drops what
 * its micro-TLBs derived from them. */
void a64_system_ram_check_changed(a64_system *sys);

/* Memory was written behind the cores' backs (loader, debugger, a device): drop
 * any predecoded instructions in [pa, pa+len). */
void a64_system_code_written(a64_system *sys, uint64_t pa, uint64_t len);

/* ---- cores ---- */
a64_core *a64_core_create(a64_system *sys, const a64_core_config *cfg, const a64_callbacks *cb);
void a64_core_destroy(a64_core *core);
/* Cold reset: the architectural reset state at cfg->reset_el, PC = cfg->rvbar. */
void a64_core_reset(a64_core *core);
/* Warm reset into a PSCI entry point (CPU_ON, wake from power-down): PE state as
 * after reset at `el` (EL2 or EL1, AArch64, SP_ELx, DAIF all masked, SCTLR_ELx
 * M/C/I = 0), PC = entry, X0 = context_id, X1..X30 = 0. */
void a64_core_warm_reset(a64_core *core, unsigned el, uint64_t entry, uint64_t context_id);

/* Execute until the budget of cycles is spent or something stops the core. */
void a64_run(a64_core *core, uint64_t max_cycles, a64_stop_info *info);
/* From inside a callback: stop after the current instruction completes. */
void a64_request_stop(a64_core *core);

/* Inside callbacks.read/write: true if the access is to the Non-secure physical
 * address space, false for Secure (Arm ARM D8.x; with EL3 the Security state and
 * the NS bits of the translation decide, see docs/iss.md). */
bool a64_access_ns(const a64_core *core);
/* The core's current Security state: false = Secure (EL3, or below it with
 * SCR_EL3.NS = 0), true = Non-secure. Without EL3 the PE is Non-secure if it
 * has EL2, Secure otherwise. */
bool a64_core_nonsecure(const a64_core *core);

a64_state *a64_core_state(a64_core *core);
const a64_core_config *a64_core_get_config(const a64_core *core);
/* Interrupt lines from the GIC (level-sensitive). A pending line wakes WFI even
 * when masked by PSTATE (Arm ARM D1.6). */
void a64_set_irq(a64_core *core, bool level);
void a64_set_fiq(a64_core *core, bool level);
/* Virtual IRQ/FIQ from the GIC's virtual CPU interface (level). Taken at EL1/EL0
 * when EL2 is enabled, HCR_EL2.IMO (FMO) is set and HCR_EL2.TGE is clear, like
 * HCR_EL2.VI (VF), which the core ORs in (Arm ARM D1.13.x). */
void a64_set_virq(a64_core *core, bool level);
void a64_set_vfiq(a64_core *core, bool level);
bool a64_wake_pending(const a64_core *core); /* an IRQ/FIQ line is asserted */

/* System registers the core owns, by encoding: 0 on success, -1 if not one of its own. */
int a64_sysreg_get(const a64_core *core, uint32_t enc, uint64_t *value);
int a64_sysreg_set(a64_core *core, uint32_t enc, uint64_t value);

/* Debugger address translation: the stage-1 translation of va in the core's
 * current translation regime and Exception level, for a read (write = false) or
 * a write. No side effects: no TLB lookup or fill, no cycles, no fault raised;
 * table walks read RAM only. Returns 0 and *pa on success, -1 if the access
 * would fault. */
int a64_translate_debug(a64_core *core, uint64_t va, bool write, uint64_t *pa);

/* The generic timer's event streams (Arm ARM D11.2.3) as this core's registers
 * configure them: which = 0 is CNTKCTL_EL1's (virtual count), 1 is CNTHCTL_EL2's
 * (physical count). False if that stream is disabled (EVNTEN = 0) or absent. */
typedef struct a64_event_stream_cfg {
    bool virtual_count; /* the stream watches CNTVCT (else CNTPCT) */
    unsigned bit;       /* EVNTI: the count bit whose transition is an event */
    bool one_to_zero;   /* EVNTDIR */
} a64_event_stream_cfg;
bool a64_event_stream(const a64_core *core, unsigned which, a64_event_stream_cfg *cfg);
/* The first count > count at which that bit makes that transition (UINT64_MAX if
 * none is representable). */
uint64_t a64_event_stream_next(uint64_t count, unsigned bit, bool one_to_zero);

/* Level of the PMU overflow interrupt request (also reported by callbacks.pmu_irq). */
bool a64_pmu_irq(const a64_core *core);

/* Debugger breakpoints on instruction addresses. */
int a64_breakpoint_add(a64_core *core, uint64_t pc);
int a64_breakpoint_remove(a64_core *core, uint64_t pc);

/* Debugger single step: while on, a64_run() returns A64_STOP_REQUESTED as soon as
 * one instruction has retired or one exception has been taken (timing unchanged:
 * the same cycles are charged as in a free run). */
void a64_set_single_step(a64_core *core, bool on);

/* Debugger watchpoints on data virtual addresses [va, va+len) of the current
 * translation regime. While any is set the micro-TLB's data tags stay empty, so
 * every load and store takes the out-of-line path, which checks them (no cycle
 * cost: a main-TLB hit costs nothing). A matching access stops the core before
 * the instruction executes (A64_STOP_WATCHPOINT, its cycles not charged); the
 * next a64_run() executes that instruction without checking it again. */
enum { A64_WATCH_WRITE = 1, A64_WATCH_READ = 2, A64_WATCH_ACCESS = 3 };
int a64_watchpoint_add(a64_core *core, uint64_t va, uint64_t len, unsigned kind);
int a64_watchpoint_remove(a64_core *core, uint64_t va, uint64_t len, unsigned kind);
/* After A64_STOP_WATCHPOINT: the watchpoint that matched (its va and kind) and the
 * accessed address; false if the last stop was not a watchpoint. */
bool a64_watchpoint_hit(const a64_core *core, uint64_t *wp_va, unsigned *kind, uint64_t *access_va);

/* Lifetime counters. */
uint64_t a64_core_cycles(const a64_core *core);
uint64_t a64_core_instructions(const a64_core *core);

/* Name of the encoding an instruction word decodes to ("UNDEFINED" if none). */
const char *a64_insn_name(uint32_t insn);

/* The decode table, for tests and tools (random-instruction generators, coverage):
 * one entry per encoding, most specific first, generated from the same .def file
 * the decoder uses. */
typedef struct a64_encoding {
    const char *name;          /* e.g. "ADD_imm" */
    const char *pattern;       /* 32 characters, bit 31 first: '0', '1' or a field letter */
    uint32_t mask, match;      /* insn & mask == match */
    const char *cls;           /* "dp_imm", "dp_reg", "ldst", "branch_sys" */
    const char *unimplemented; /* NULL when implemented, else why not (stays UNDEFINED) */
    bool shadowed;             /* more specific entries above deliberately take some of
                                * this entry's encodings (any other overlap is a bug) */
} a64_encoding;
const a64_encoding *a64_encodings(size_t *count);

#ifdef __cplusplus
}
#endif
#endif
