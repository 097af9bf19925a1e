/*
 * PSCI conformance suite (Arm DEN 0022), one ELF per conduit.
 *
 * Aim: check a PSCI implementation against the specification from a bare-metal guest,
 * discovering what it offers (PSCI_VERSION, PSCI_FEATURES, AFFINITY_INFO probing of the
 * topology) and testing what is advertised; an unadvertised function must answer
 * NOT_SUPPORTED, which is itself checked where calling it is harmless.
 *
 * Output: one line per check (PASS / FAIL / SKIP), then "N passed, N failed, N skipped".
 * A run without failures ends with SYSTEM_OFF (exit status 0 on pscisim and QEMU); with
 * failures it exits through semihosting with status 1.
 */
#include "suite.h"

#include "sw/semihost.h"

static void discover(void)
{
    S.lead = sw_core_index();
    /* Entry points are entered at the highest Non-secure EL implemented (DEN 0022 6.4;
     * QEMU commit 3f591a20, TF-A): EL2 when ID_AA64PFR0_EL1.EL2 is not 0. */
    S.entry_el = ((sw_read_sysreg(id_aa64pfr0_el1) >> 8) & 0xF) ? 2 : 1;
    S.version = psci_version();
    S.major = (uint32_t)S.version >> 16;
    S.minor = (uint32_t)S.version & 0xFFFF;
    int32_t f = psci_features(PSCI_FEATURES);
    S.has_features = f >= 0;
    for (unsigned fn = 0; fn < 0x20; fn++)
        for (unsigned w = 0; w < 2; w++)
            S.feat[fn][w] = S.has_features ? psci_features((w ? 0xC4000000u : 0x84000000u) + fn)
                                           : PSCI_NOT_SUPPORTED;
    S.suspend_flags = S.feat[1][1];
    S.osi = S.suspend_flags >= 0 && (S.suspend_flags & PSCI_FEAT_OSI);
    sw_idle_init();
    sw_topology_discover();
    suite_refresh_secondaries();
    sw_printf("# PSCI %u.%u over %s; entered at EL%u; CNTFRQ %lu Hz; %u core(s) in %u "
              "cluster(s); lead MPIDR 0x%lx; power_state format %s%s\n",
              S.major, S.minor, SW_CONDUIT_NAME, sw_boot_el, sw_cntfrq(), sw_topo.ncpus,
              sw_topo.nclusters, sw_topo.boot_mpidr, sw_pstate_extended ? "extended" : "original",
              S.osi ? ", OS-initiated mode supported" : "");
    if (sw_boot_el != S.entry_el)
        sw_printf("# note: the image was entered at EL%u but EL%u is implemented; CPU_ON and "
                  "resumes enter at EL%u (an OS would see cores in different modes)\n",
                  sw_boot_el, S.entry_el, S.entry_el);
    if (S.has_features) {
        for (unsigned fn = 0; fn < 0x20; fn++)
            for (unsigned w = 0; w < 2; w++)
                if (S.feat[fn][w] >= 0)
                    sw_printf(" %s%s", psci_fn_name(0x84000000u + fn), w ? "64" : "");
        sw_printf("\n");
    }
}

int main(void)
{
    discover();
    t_version();
    t_features();
    t_smccc();
    t_migrate();
    /* Before any other CPU_SUSPEND: PC -> OSI requires that no core has called CPU_SUSPEND
     * since boot or the last mode change (DEN 0022 5.20.2). */
    t_set_suspend_mode();
    t_affinity_info();
    t_cpu_on();
    t_cpu_off();
    t_cpu_suspend();
    t_dt();
    t_psci_stat();
    t_node_hw_state();
    t_system_suspend();
    t_cpu_default_suspend();
    t_cpu_freeze();
    t_mem_protect();
    t_system_reset2();
    t_invalid_entry();
    t_system_off();
    return 1; /* not reached */
}
