// What the GICv3 model tests share: the ICC_* system-register encodings and the
// GICD_*/GICR_* offsets they program, spelt here from Arm IHI 0069 rather than
// taken from the model (so a wrong encoding in the model fails a test), and
// gic_bench, a gicv3 whose distributor and redistributors are reached through two
// TLM initiators, with the CPU interface's registers read and written by core.
#pragma once

#include <cstdint>
#include <vector>

#include "harness.h"
#include "pscisim/gicv3.h"
#include "pscisim/sysreg.h"

namespace pscisim::test
{

// ICC_*_EL1 unless the name says otherwise (IHI 0069 12.2; op0, op1, CRn, CRm, op2).
inline constexpr uint32_t PMR = sysreg_enc(3, 0, 4, 6, 0);
inline constexpr uint32_t IAR0 = sysreg_enc(3, 0, 12, 8, 0);
inline constexpr uint32_t EOIR0 = sysreg_enc(3, 0, 12, 8, 1);
inline constexpr uint32_t HPPIR0 = sysreg_enc(3, 0, 12, 8, 2);
inline constexpr uint32_t BPR0 = sysreg_enc(3, 0, 12, 8, 3);
inline constexpr uint32_t AP0R0 = sysreg_enc(3, 0, 12, 8, 4);
inline constexpr uint32_t AP1R0 = sysreg_enc(3, 0, 12, 9, 0);
inline constexpr uint32_t AP1R1 = sysreg_enc(3, 0, 12, 9, 1);
inline constexpr uint32_t DIR = sysreg_enc(3, 0, 12, 11, 1);
inline constexpr uint32_t RPR = sysreg_enc(3, 0, 12, 11, 3);
inline constexpr uint32_t SGI1R = sysreg_enc(3, 0, 12, 11, 5);
inline constexpr uint32_t ASGI1R = sysreg_enc(3, 0, 12, 11, 6);
inline constexpr uint32_t SGI0R = sysreg_enc(3, 0, 12, 11, 7);
inline constexpr uint32_t IAR1 = sysreg_enc(3, 0, 12, 12, 0);
inline constexpr uint32_t EOIR1 = sysreg_enc(3, 0, 12, 12, 1);
inline constexpr uint32_t HPPIR1 = sysreg_enc(3, 0, 12, 12, 2);
inline constexpr uint32_t BPR1 = sysreg_enc(3, 0, 12, 12, 3);
inline constexpr uint32_t CTLR = sysreg_enc(3, 0, 12, 12, 4);
inline constexpr uint32_t SRE1 = sysreg_enc(3, 0, 12, 12, 5);
inline constexpr uint32_t IGRPEN0 = sysreg_enc(3, 0, 12, 12, 6);
inline constexpr uint32_t IGRPEN1 = sysreg_enc(3, 0, 12, 12, 7);
inline constexpr uint32_t SRE2 = sysreg_enc(3, 4, 12, 9, 5);         // ICC_SRE_EL2
inline constexpr uint32_t CTLR_EL3 = sysreg_enc(3, 6, 12, 12, 4);    // ICC_CTLR_EL3
inline constexpr uint32_t IGRPEN1_EL3 = sysreg_enc(3, 6, 12, 12, 7); // ICC_IGRPEN1_EL3

// Distributor registers (IHI 0069 12.9). The redistributor's SGI_base frame, at
// SGI_BASE above its RD_base, has the same layout for SGIs and PPIs (12.10).
inline constexpr uint64_t GICD_CTLR = 0x0, GICD_TYPER = 0x4, GICD_IGROUPR = 0x80,
                          GICD_ISENABLER = 0x100, GICD_ICENABLER = 0x180, GICD_ISPENDR = 0x200,
                          GICD_ICPENDR = 0x280, GICD_ISACTIVER = 0x300, GICD_IPRIORITYR = 0x400,
                          GICD_ICFGR = 0xc00, GICD_IGRPMODR = 0xd00, GICD_IROUTER = 0x6000,
                          GICD_PIDR2 = 0xffe8;
// Redistributor RD_base registers (IHI 0069 12.11).
inline constexpr uint64_t GICR_TYPER = 0x8, GICR_WAKER = 0x14, SGI_BASE = 0x10000;

// A gicv3 with its distributor behind initiator d and its redistributors behind r.
// The test's own bench derives from it, binds what else it needs and then ends
// elaboration (elaborate()).
struct gic_bench {
    initiator d{"d"}, r{"r"};
    gicv3 gic;

    explicit gic_bench(const std::vector<uint64_t> &mpidrs, unsigned spis = 64,
                       bool two_security_states = false)
        : gic("gic", mpidrs, spis, two_security_states)
    {
        d.out.bind(gic.dist);
        r.out.bind(gic.redist);
    }
    // A system-register access by `core` that the GIC must accept.
    uint64_t rd(unsigned core, uint32_t enc)
    {
        uint64_t v = 0;
        EXPECT_TRUE(gic.cpu_sysreg_read(core, enc, v)) << std::hex << enc;
        return v;
    }
    void wr(unsigned core, uint32_t enc, uint64_t v)
    {
        EXPECT_TRUE(gic.cpu_sysreg_write(core, enc, v)) << std::hex << enc;
    }
    // RD_base of core's redistributor.
    static uint64_t redist(unsigned core) { return core * gicv3::REDIST_STRIDE; }
};

} // namespace pscisim::test
