// GICv3 virtual CPU interface state (Arm IHI 0069 chapter 6 and 12.4-12.5): the
// ICH_*_EL2 register file of one core, shared by gicv3.cpp (which owns the
// vector of them) and gicv3_virt.cpp (which implements the registers).
#pragma once

#include <array>
#include <cstdint>

#include "pscisim/gicv3.h"

namespace pscisim
{

struct gicv3::virt_cpu {
    // ICH_HCR_EL2 (En, UIE, LRENPIE, NPIE, VGrp*IE, TC, TALL0, TALL1, TDIR, EOIcount).
    uint32_t hcr = 0;
    // ICH_VMCR_EL2 fields (the ICV_* view of the virtual CPU interface).
    bool veng0 = false, veng1 = false, vcbpr = false, veoim = false;
    unsigned vbpr0 = 0, vbpr1 = 0;
    uint8_t vpmr = 0;
    std::array<uint64_t, gicv3::NUM_LIST_REGS> lr{};
    uint32_t ap0 = 0, ap1 = 0; // ICH_AP0R0_EL2 / ICH_AP1R0_EL2
    bool sre_enable = true;    // ICC_SRE_EL2.Enable
    bool maint = false;        // level last driven on the maintenance PPI
    irq_line virq, vfiq;
};

} // namespace pscisim
