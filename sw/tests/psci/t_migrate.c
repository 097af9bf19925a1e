/*
 * MIGRATE_INFO_TYPE, MIGRATE, MIGRATE_INFO_UP_CPU (DEN 0022 5.8-5.10).
 * Aim: a platform without a uniprocessor Trusted OS reports type 2 and refuses MIGRATE.
 * Expected: MIGRATE_INFO_TYPE in {0, 1, 2} when advertised (mandatory in 0.2); with type 2
 * MIGRATE is NOT_SUPPORTED; unadvertised MIGRATE / MIGRATE_INFO_UP_CPU answer
 * NOT_SUPPORTED.
 */
#include "suite.h"

void t_migrate(void)
{
    int32_t t = PSCI_NOT_SUPPORTED;
    if (advertised(PSCI_MIGRATE_INFO_TYPE) || !S.has_features) {
        t = psci_migrate_info_type();
        sw_check("migrate_info_type.value", t >= 0 && t <= 2, "got %d expected 0, 1 or 2", t);
    } else {
        sw_check_ret("migrate_info_type.not_advertised", psci_migrate_info_type(),
                     PSCI_NOT_SUPPORTED);
    }
    if (t == 2)
        sw_check_ret("migrate.no_trusted_os", psci_call32(PSCI_MIGRATE64, sw_mpidr(), 0, 0),
                     PSCI_NOT_SUPPORTED);
    if (S.has_features && !advertised(PSCI_MIGRATE64) && t != 2)
        sw_check_ret("migrate.not_advertised", psci_call32(PSCI_MIGRATE64, sw_mpidr(), 0, 0),
                     PSCI_NOT_SUPPORTED);
    if (S.has_features && !advertised(PSCI_MIGRATE_INFO_UP_CPU64))
        sw_check_ret("migrate_info_up_cpu.not_advertised",
                     psci_call32(PSCI_MIGRATE_INFO_UP_CPU64, 0, 0, 0), PSCI_NOT_SUPPORTED);
}
