// What the PSCI controller needs of a core: its identity, its conduit, its wake-up
// input, and the power-control actions of Arm DEN 0022 §6.4 (power off, warm reset
// into an entry point, return from a suspend) plus its clock enable.
//
// The ISS wrapper (cpu_sc/cpu_core.h) implements it; so can another virtual
// platform's own core model, which is how the controller is reused outside pscisim
// (docs/porting.md).
#pragma once

#include <cstdint>

#include <systemc>

namespace pscisim
{

class conduit_if; // cpu_sc/cpu_core.h: the SMC/HVC call interface the core calls into

class psci_core_if
{
  public:
    virtual ~psci_core_if() = default;
    // Instance name, for the names of the objects the controller makes per core.
    virtual const char *core_name() const = 0;
    virtual uint64_t mpidr() const = 0;
    // The controller registers itself as the core's conduit.
    virtual void bind_conduit(conduit_if *c) = 0;
    // An IRQ/FIQ line is high, and the event notified when one rises.
    virtual bool wake_pending() const = 0;
    virtual const sc_core::sc_event &wake_event() const = 0;
    // Clock gating: a gated core keeps its state and does not run.
    virtual void set_clock_enable(bool on) = 0;
    // Power lost: the core stops at once; its state is gone.
    virtual void power_off() = 0;
    // Warm reset into entry (with x0 = context_id) at EL `el`, and run from now.
    virtual void power_on(unsigned el, uint64_t entry, uint64_t context_id) = 0;
    // Return from a suspended conduit call with x0.
    virtual void resume(uint64_t x0) = 0;
};

} // namespace pscisim
