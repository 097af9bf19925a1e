// GICv3 interrupt controller (Arm IHI 0069): distributor, one redistributor per
// core, and the CPU interface (ICC_* system registers) as C++ methods the CPU
// wrapper calls for MRS/MSR.
//
// What is modelled (see docs/models.md for the register list):
//  - one or two Security states, chosen per instance:
//    DS = 1 (GICD_CTLR.DS RAO, the virt machine): Group 0 is signalled as FIQ,
//    Group 1 as IRQ, both reachable at EL1;
//    DS = 0 (the fvp machine, as TF-A expects): Group 0, Secure Group 1 and
//    Non-secure Group 1 (GICD_IGROUPR + GICD_IGRPMODR, IHI 0069 4.6); Secure and
//    Non-secure views of the distributor and redistributor registers (4.7, 12.1.6):
//    a Non-secure access (security.h) sees Secure-only registers as RAZ/WI, the
//    bits and priority fields of Secure interrupts as RAZ/WI and the priority of
//    its own interrupts in the Non-secure view (4.8.6); the ICC_*_EL3 registers
//    and the Secure/Non-secure copies of ICC_CTLR_EL1, ICC_BPR1_EL1,
//    ICC_IGRPEN1_EL1 and ICC_AP1R0_EL1 selected by SCR_EL3.NS; IRQ or FIQ from the
//    group of the interrupt and the core's current Security state and EL (4.6.2),
//    which the CPU wrapper reports with set_pe_state();
//  - affinity routing always on (ARE RAO); SGIs 0-15, PPIs 16-31, SPIs
//    32..32+num_spis-1; no LPIs/ITS, no extended ranges, no virtualisation
//    (ICH_*), no GICv2 compatibility (ICC_SRE.SRE RAO), so INTID 1022 (legacy
//    operation) is never returned;
//  - 5 bits of priority (32 levels, IPRIORITYR[2:0] RAZ/WI, ICC_CTLR.PRIbits = 4),
//    so ICC_AP0R0/ICC_AP1R0 are the only active-priority registers;
//  - level-sensitive and edge-triggered interrupts, active/pending state,
//    priority masking (PMR), preemption by group priority (BPR0/BPR1/CBPR),
//    EOImode 0 and 1 (ICC_DIR_EL1), SGIs by target list and to all-but-self;
//  - GICR_WAKER: while ProcessorSleep = 1 the redistributor forwards nothing to
//    its core's CPU interface; instead a pending interrupt that would be
//    forwarded raises a wake request (for the power controller). GICR_IIDR names
//    no GIC-600, so firmware does not look for GICR_PWRR (not implemented).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "pscisim/irq.h"
#include "pscisim/regs.h"

namespace pscisim
{

class gicv3 : public sc_core::sc_module
{
  public:
    tlm_utils::simple_target_socket<gicv3> dist;   // GICD frame, DIST_SIZE bytes
    tlm_utils::simple_target_socket<gicv3> redist; // num_cores x REDIST_STRIDE bytes

    static constexpr uint64_t DIST_SIZE = 0x10000;
    static constexpr uint64_t REDIST_STRIDE = 0x20000; // RD_base + SGI_base, 64 KiB each
    static constexpr unsigned SPURIOUS = 1023;
    static constexpr unsigned PRIORITY_MASK = 0xf8; // 5 implemented priority bits

    // GICD_CTLR: the DS = 1 layout (also the Non-secure view with DS = 0, where
    // bit 0 is EnableGrp1 = EnableGrp1NS and bit 4 ARE_NS) and the Secure view
    // with DS = 0 (IHI 0069 12.9.4).
    enum gicd_ctlr_bits : uint32_t {
        CTLR_ENABLE_GRP0 = 1u << 0,
        CTLR_ENABLE_GRP1 = 1u << 1,
        CTLR_ENABLE_GRP1NS = 1u << 1,
        CTLR_ENABLE_GRP1S = 1u << 2,
        CTLR_ARE = 1u << 4,
        CTLR_ARE_S = 1u << 4,
        CTLR_ARE_NS = 1u << 5,
        CTLR_DS = 1u << 6,
        CTLR_RWP = 1u << 31,
    };
    // The three interrupt groups (IHI 0069 4.6); with DS = 1 only g0 and g1ns.
    enum class group : uint8_t { g0, g1s, g1ns };
    // What the CPU interface needs to know of its core (IHI 0069 4.6.2, 12.1.7):
    // the Exception level and SCR_EL3.NS (true on a core without EL3). The core
    // is in Secure state at EL3 or when ns is false.
    struct pe_state {
        unsigned el = 1;
        bool ns = true;
        bool secure() const { return el == 3 || !ns; }
        bool operator==(const pe_state &o) const { return el == o.el && ns == o.ns; }
    };
    // GICR_WAKER.
    enum gicr_waker_bits : uint32_t {
        WAKER_PROCESSOR_SLEEP = 1u << 1,
        WAKER_CHILDREN_ASLEEP = 1u << 2,
    };
    // ICC_SGI0R_EL1 / ICC_SGI1R_EL1 fields.
    enum sgir_fields : uint64_t {
        SGIR_TARGETLIST_MASK = 0xffff,
        SGIR_AFF1_SHIFT = 16,
        SGIR_INTID_SHIFT = 24,
        SGIR_AFF2_SHIFT = 32,
        SGIR_IRM = 1ull << 40,
        SGIR_RS_SHIFT = 44,
        SGIR_AFF3_SHIFT = 48,
    };

    // mpidrs[i] is core i's MPIDR_EL1 (affinity fields are what GICR_TYPER and
    // GICD_IROUTER/ICC_SGI1R match). num_spis: a multiple of 32, 32..960.
    // two_security_states: GICD_CTLR.DS = 0 (else DS = 1, one Security state).
    gicv3(sc_core::sc_module_name name, const std::vector<uint64_t> &mpidrs, unsigned num_spis = 64,
          bool two_security_states = false);
    ~gicv3() override;

    unsigned num_cores() const { return unsigned(cpus_.size()); }
    unsigned num_spis() const { return unsigned(spis_.size()); }
    uint64_t redist_size() const { return REDIST_STRIDE * cpus_.size(); }
    bool two_security_states() const { return !ds_; }

    // ---- interrupt inputs ----
    // SPI number spi (INTID 32 + spi), e.g. the PL011 is SPI 1 = INTID 33.
    void set_spi(unsigned spi, bool level);
    // A PPI (INTID 16..31) of one core, e.g. the generic timer's 30/27/26/29.
    void set_ppi(unsigned core, unsigned intid, bool level);

    // ---- CPU interface (ICC_*), called by the CPU wrapper ----
    // enc = A64_SYSREG(op0, op1, CRn, CRm, op2). Returns false if enc is not a
    // register this GIC implements (or is read-only/write-only and accessed the
    // other way): the access is then UNDEFINED.
    bool cpu_sysreg_read(unsigned core, uint32_t enc, uint64_t &value);
    bool cpu_sysreg_write(unsigned core, uint32_t enc, uint64_t value);
    static bool is_gic_sysreg(uint32_t enc);
    // The core's Exception level or SCR_EL3.NS changed (exception entry or
    // return, an SCR_EL3 write, a reset): the CPU wrapper reports it so that
    // sysreg accesses use the right register copies and a pending interrupt is
    // signalled as IRQ or FIQ for the new state. Initially {EL1, ns}.
    void set_pe_state(unsigned core, const pe_state &s);
    pe_state get_pe_state(unsigned core) const;

    // ---- outputs ----
    // The highest-priority signalled interrupt goes to one of them: Group 0 to
    // FIQ; with DS = 1 Group 1 to IRQ; with DS = 0 the core's own Group 1 to IRQ,
    // the other Security state's Group 1 to FIQ, and at EL3 both to FIQ.
    irq_line &irq(unsigned core);
    irq_line &fiq(unsigned core);
    // Should core wake from WFI / a powered-down state? While the core's
    // redistributor is awake: its IRQ or FIQ is asserted. While
    // GICR_WAKER.ProcessorSleep = 1: an interrupt is pending, enabled, inactive,
    // of an enabled group and routed to it (PMR and ICC_IGRPEN are not
    // considered: the CPU interface is powered down, IHI 0069 11.1).
    bool wake_pending(unsigned core) const;
    bool processor_sleep(unsigned core) const;
    // What firmware does through GICR_WAKER around a core power-down (TF-A's
    // gicv3_rdistif_off/on): for a power controller that plays the firmware.
    void set_processor_sleep(unsigned core, bool sleep);
    // Called when a sleeping core's wake request rises (not again until it has
    // fallen). The power controller powers the core up and, as firmware does at
    // warm boot, clears ProcessorSleep (power/gic_firmware.h).
    void set_wake_request_callback(std::function<void(unsigned core)> cb)
    {
        wake_cb_ = std::move(cb);
    }

    // ---- state inspection for tests and reports ----
    bool is_pending(unsigned core, unsigned intid) const;
    bool is_active(unsigned core, unsigned intid) const;
    group group_of(unsigned core, unsigned intid) const;
    uint8_t running_priority(unsigned core) const;

    void set_latency(const sc_core::sc_time &t) { latency_ = t; }
    void reset();
    // Reset one core's CPU interface (its state is lost when the core powers
    // down); the redistributor keeps its state.
    void reset_cpu_interface(unsigned core);
    void trace(sc_core::sc_trace_file *tf) const override;

  private:
    struct irq_state {
        uint8_t prio = 0;
        bool group1 = false, grpmod = false, enabled = false, latch = false, active = false,
             line = false, edge = false;
        bool pending() const { return latch || (!edge && line); }
    };
    struct cpu_state;
    struct candidate {
        unsigned intid = SPURIOUS;
        uint8_t prio = 0xff;
        group grp = group::g0;
    };
    enum class bit_kind {
        group,
        group_modifier,
        set_enable,
        clear_enable,
        set_pending,
        clear_pending,
        set_active,
        clear_active
    };

    irq_state *irq_at(int core, unsigned intid); // core -1: distributor view (SPIs)
    const irq_state *irq_at(int core, unsigned intid) const;
    void bind_bit_reg(reg &r, int core, bit_kind kind);
    void bind_priority_reg(reg &r, int core);
    void bind_cfg_reg(reg &r, int core);
    void build_redist(unsigned core);
    int spi_target(unsigned spi) const;
    group group_of(const irq_state &s) const;
    bool ns_access_denied(const irq_state *s) const; // Non-secure access, Secure interrupt
    bool group_enabled(unsigned core, group g, bool cpu_if_enables) const;
    candidate hppi(unsigned core, bool cpu_if_enables) const;
    bool signalled(unsigned core, const candidate &h) const;
    unsigned group_mask(unsigned core, group g) const;
    unsigned rpr(unsigned core) const;  // 0x100 when idle
    unsigned bank(unsigned core) const; // ICC register copy: 0 Secure, 1 Non-secure
    unsigned hppir_value(unsigned core, bool group1) const;
    uint64_t acknowledge(unsigned core, bool group1);
    void end_of_interrupt(unsigned core, unsigned intid, bool group1);
    void deactivate(unsigned core, unsigned intid);
    void generate_sgi(unsigned core, uint64_t value, group g);
    void signal(unsigned core);
    void update();
    void b_transport_dist(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    void b_transport_redist(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    unsigned int dbg_dist(tlm::tlm_generic_payload &gp);
    unsigned int dbg_redist(tlm::tlm_generic_payload &gp);
    void redist_access(tlm::tlm_generic_payload &gp, bool debug);

    std::vector<irq_state> spis_;
    std::vector<uint64_t> irouter_;
    std::vector<std::unique_ptr<cpu_state>> cpus_;
    bool ds_ = true;
    bool access_ns_ = false; // the bus access being decoded is Non-secure
    uint32_t ctlr_ = 0;
    sc_core::sc_time latency_;
    std::function<void(unsigned)> wake_cb_;

    reg_bank dbank_;
    std::vector<std::unique_ptr<reg>> dregs_;
};

} // namespace pscisim
