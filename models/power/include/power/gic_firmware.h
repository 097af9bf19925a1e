// What the emulated firmware does to the GICv3 around core power-down and warm
// boot, as TF-A does (gicv3_cpuif_disable before a power-down, gicv3_cpuif_enable
// / gicv3_rdistif_on on the way back), plus the hardware fact that the CPU
// interface is in the core's power domain (IHI 0069 §11.1):
//  - power-down committed: GICR_WAKER.ProcessorSleep = 1; from then on the
//    redistributor forwards nothing to the core and a pending interrupt for it
//    raises a wake request instead (which powers the core up);
//  - core domain OFF: the CPU interface (ICC_* state: PMR, BPRs, group enables,
//    active priorities, EOImode) is lost; the redistributor keeps its state;
//  - warm boot (CPU_ON, resume from power-down): ProcessorSleep = 0 before the
//    core's first instruction. The CPU interface stays at its reset values: the
//    OS re-initialises it (sw/lib does on every warm-boot path).
// Standby/retention leaves the GIC alone. Cold boot and system reset: the GIC's
// own reset (every core asleep; the boot software wakes its redistributor).
#pragma once

#include "power/psci_controller.h"
#include "pscisim/gicv3.h"

namespace pscisim
{

inline void attach_gic_firmware(psci_controller &ctrl, gicv3 &gic)
{
    ctrl.wake_query = [&gic](unsigned c) { return gic.wake_pending(c); };
    gic.set_wake_request_callback([&ctrl](unsigned c) { ctrl.external_wake(c); });
    ctrl.on_core_power_down = [&gic](unsigned c) { gic.set_processor_sleep(c, true); };
    ctrl.on_core_power_off = [&gic](unsigned c) { gic.reset_cpu_interface(c); };
    ctrl.on_core_warm_boot = [&gic](unsigned c) { gic.set_processor_sleep(c, false); };
}

} // namespace pscisim
