/*
 * SYSTEM_RESET2 argument checking (DEN 0022 5.21). The warm reset itself is exercised by
 * the psci-reset program (sw/tests/psci/reset.c).
 * Aim/expected (when advertised): architectural reset types other than 0
 * (SYSTEM_WARM_RESET) are reserved: types 1 and 0x7FFFFFFF return INVALID_PARAMETERS, for
 * both the SMC32 and SMC64 IDs. Not advertised: type 1 answers NOT_SUPPORTED.
 */
#include "suite.h"

void t_system_reset2(void)
{
    if (!advertised(PSCI_SYSTEM_RESET2_64)) {
        if (known_absent(PSCI_SYSTEM_RESET2_64))
            sw_check_ret("system_reset2.not_advertised", psci_system_reset2(1, 0),
                         PSCI_NOT_SUPPORTED);
        sw_skip("system_reset2.*", "SYSTEM_RESET2 not advertised");
        return;
    }
    sw_check_ret("system_reset2.reserved_type_1", psci_system_reset2(1, 0),
                 PSCI_INVALID_PARAMETERS);
    sw_check_ret("system_reset2.reserved_type_0x7fffffff", psci_system_reset2(0x7FFFFFFF, 0),
                 PSCI_INVALID_PARAMETERS);
    if (advertised(PSCI_SYSTEM_RESET2_32))
        sw_check_ret("system_reset2.smc32_reserved_type_1",
                     psci_call32(PSCI_SYSTEM_RESET2_32, 1, 0, 0), PSCI_INVALID_PARAMETERS);
}
