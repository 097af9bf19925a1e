// The GICv3 CPU interface's system-register encodings (IHI 0069 12.2; the ICV_* twins of
// the EL1 ones, 12.3, share them), for gicv3.cpp and gicv3_virt.cpp: one list.
#pragma once

#include <cstdint>

#include "pscisim/sysreg.h"

namespace pscisim::icc
{
inline constexpr uint32_t ICC_PMR_EL1 = sysreg_enc(3, 0, 4, 6, 0);
inline constexpr uint32_t ICC_IAR0_EL1 = sysreg_enc(3, 0, 12, 8, 0);
inline constexpr uint32_t ICC_EOIR0_EL1 = sysreg_enc(3, 0, 12, 8, 1);
inline constexpr uint32_t ICC_HPPIR0_EL1 = sysreg_enc(3, 0, 12, 8, 2);
inline constexpr uint32_t ICC_BPR0_EL1 = sysreg_enc(3, 0, 12, 8, 3);
inline constexpr uint32_t ICC_AP0R0_EL1 = sysreg_enc(3, 0, 12, 8, 4);
inline constexpr uint32_t ICC_AP1R0_EL1 = sysreg_enc(3, 0, 12, 9, 0);
inline constexpr uint32_t ICC_DIR_EL1 = sysreg_enc(3, 0, 12, 11, 1);
inline constexpr uint32_t ICC_RPR_EL1 = sysreg_enc(3, 0, 12, 11, 3);
inline constexpr uint32_t ICC_SGI1R_EL1 = sysreg_enc(3, 0, 12, 11, 5);
inline constexpr uint32_t ICC_ASGI1R_EL1 = sysreg_enc(3, 0, 12, 11, 6);
inline constexpr uint32_t ICC_SGI0R_EL1 = sysreg_enc(3, 0, 12, 11, 7);
inline constexpr uint32_t ICC_IAR1_EL1 = sysreg_enc(3, 0, 12, 12, 0);
inline constexpr uint32_t ICC_EOIR1_EL1 = sysreg_enc(3, 0, 12, 12, 1);
inline constexpr uint32_t ICC_HPPIR1_EL1 = sysreg_enc(3, 0, 12, 12, 2);
inline constexpr uint32_t ICC_BPR1_EL1 = sysreg_enc(3, 0, 12, 12, 3);
inline constexpr uint32_t ICC_CTLR_EL1 = sysreg_enc(3, 0, 12, 12, 4);
inline constexpr uint32_t ICC_SRE_EL1 = sysreg_enc(3, 0, 12, 12, 5);
inline constexpr uint32_t ICC_IGRPEN0_EL1 = sysreg_enc(3, 0, 12, 12, 6);
inline constexpr uint32_t ICC_IGRPEN1_EL1 = sysreg_enc(3, 0, 12, 12, 7);
inline constexpr uint32_t ICC_SRE_EL2 = sysreg_enc(3, 4, 12, 9, 5);
inline constexpr uint32_t ICC_CTLR_EL3 = sysreg_enc(3, 6, 12, 12, 4);
inline constexpr uint32_t ICC_SRE_EL3 = sysreg_enc(3, 6, 12, 12, 5);
inline constexpr uint32_t ICC_IGRPEN1_EL3 = sysreg_enc(3, 6, 12, 12, 7);
} // namespace pscisim::icc
