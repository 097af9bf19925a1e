/*
 * The FP/AdvSIMD access check shared by every SIMD&FP instruction (Arm ARM
 * AArch64.CheckFPAdvSIMDEnabled / AArch64.CheckFPAdvSIMDTrap). No VHE: IsInHost() is
 * always false, so CPACR_EL1 applies at EL0 and EL1 whatever HCR_EL2.TGE says.
 */
#include "a64_fpsimd.h"

#define HCR_TGE  (1ull << 27)
#define CPTR_TFP (1u << 10)

/* ISS of EC 0x07 from AArch64: ConditionSyndrome(), CV = 1 and COND = 0b1110 (Arm
 * ARM D17.2 ESR_ELx, "exception from an access to SIMD or floating-point"). */
#define FP_TRAP_ISS ((1u << 24) | (0xeu << 20))

a64_status a64_fp_access_check_slow(a64_core *c)
{
    unsigned el = c->s.el;
    if (el <= 1) {
        unsigned fpen = (unsigned)(c->sr[A64_SR_CPACR_EL1] >> 20) & 3;
        bool disabled = (fpen & 1) == 0 || (fpen == 1 && el == 0);
        if (disabled) {
            /* AArch64.AdvSIMDFPAccessTrap(EL1): an EL0 trap goes to EL2 as an
             * Uncategorized exception when HCR_EL2.TGE routes EL0 exceptions there. */
            if (el == 0 && a64_el2_enabled(c) && (c->sr[A64_SR_HCR_EL2] & HCR_TGE))
                return a64_raise(c, A64_EC_UNKNOWN, 0, false, 2);
            return a64_raise(c, A64_EC_FP_ACCESS, FP_TRAP_ISS, false, 1);
        }
    }
    if (el <= 2 && a64_el2_enabled(c) && (c->sr[A64_SR_CPTR_EL2] & CPTR_TFP))
        return a64_raise(c, A64_EC_FP_ACCESS, FP_TRAP_ISS, false, 2);
    if (el <= 2 && c->cfg.have_el3 && (c->sr[A64_SR_CPTR_EL3] & CPTR_TFP))
        return a64_raise(c, A64_EC_FP_ACCESS, FP_TRAP_ISS, false, 3);
    return A64_OK;
}
