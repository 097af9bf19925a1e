/*
 * SMC Calling Convention framing of PSCI calls (DEN 0028; DEN 0022 5.2).
 * Aim: unknown function IDs and SMC64 IDs of SMC32-only functions answer NOT_SUPPORTED
 * (SMCCC: unknown function -> -1); an SMC32 call ignores the upper 32 bits of its
 * argument registers (SMCCC 2.6 "SMC32/HVC32 argument passing").
 * Expected: -1 for IDs 0x8400001F, 0xC400001F, 0x00000539 (kvm-unit-tests'
 * "invalid-function"), 0xC4000000, 0xC400000A, 0xC4000006; AFFINITY_INFO (SMC32) with
 * garbage in X1[63:32] reports the caller ON.
 */
#include "suite.h"

void t_smccc(void)
{
    static const uint32_t ids[] = {0x8400001Fu, 0xC400001Fu, 0x00000539u,
                                   0xC4000000u, 0xC400000Au, 0xC4000006u};
    for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++)
        sw_check_ret(nm("smccc.unknown_function.0x%08x", ids[i]), psci_call32(ids[i], 0, 0, 0),
                     PSCI_NOT_SUPPORTED);
    uint64_t self = sw_mpidr();
    sw_check_ret("smccc.smc32_ignores_upper_arg_bits.affinity_info",
                 psci_call32(PSCI_AFFINITY_INFO32, 0xFFFFFFFF00000000ull | self, 0, 0),
                 PSCI_AFF_ON);
    sw_check_ret("smccc.affinity_info_smc32", psci_call32(PSCI_AFFINITY_INFO32, self, 0, 0),
                 PSCI_AFF_ON);
}
