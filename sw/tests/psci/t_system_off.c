/*
 * SYSTEM_OFF2 argument checking (DEN 0022 5.24, 1.3) and SYSTEM_OFF (5.11), last.
 * Aim/expected: when SYSTEM_OFF2 is advertised, its flags advertise HIBERNATE_OFF (bit 0)
 * and a non-zero cookie is INVALID_PARAMETERS. Then the summary line is printed; with no
 * failure the run ends with SYSTEM_OFF, which must not return (the host sees exit status
 * 0); with failures it ends with semihosting exit status 1.
 */
#include "suite.h"

#include "sw/semihost.h"

void t_system_off(void)
{
    if (advertised(PSCI_SYSTEM_OFF2_32)) {
        sw_check("system_off2.hibernate_advertised", S.feat[0x15][0] & 1,
                 "PSCI_FEATURES(SYSTEM_OFF2) = 0x%x, bit 0 (HIBERNATE_OFF) clear",
                 (unsigned)S.feat[0x15][0]);
        sw_check_ret("system_off2.nonzero_cookie", psci_call32(PSCI_SYSTEM_OFF2_32, 1, 1, 0),
                     PSCI_INVALID_PARAMETERS);
    }
    for (unsigned i = 0; i < sw_topo.ncpus; i++)
        if (S.lost[sw_topo.index[i]])
            sw_printf("# core %u left in an unknown state\n", sw_topo.index[i]);
    int rc = sw_check_summary();
    if (rc) sw_exit(rc);
    sw_printf("# calling SYSTEM_OFF\n");
    int32_t r = psci_system_off();
    sw_fail("system_off.does_not_return", "returned %d (%s)", r, psci_ret_name(r));
    sw_exit(sw_check_summary());
}
