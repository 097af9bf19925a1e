/*
 * Device tree handed to the guest (x0 at boot; QEMU virt: start of RAM) versus what PSCI
 * reports (Linux bindings arm/psci.yaml, cpu/idle-states.yaml).
 * Aim: an OS configured from this DT would use PSCI correctly.
 * Expected:
 *  - /psci "compatible" has "arm,psci-1.0" for PSCI 1.x ("arm,psci-0.2" for 0.2) and
 *    "method" names this program's conduit;
 *  - the cpu@ nodes' "reg" values are exactly the MPIDRs found by AFFINITY_INFO probing,
 *    each with enable-method "psci" when there is more than one core;
 *  - every /cpus/idle-states "arm,psci-suspend-param" is accepted by CPU_SUSPEND (timer
 *    wake-up: SUCCESS or resume with context_id);
 *  - a uniform recommended-encoding state (core/cluster retention/off) that the DT does not
 *    list is rejected with INVALID_PARAMETERS (cluster levels only when the DT is flat, i.e.
 *    has no domain-idle-states).
 * Without a DT everything here is skipped.
 */
#include "suite.h"

#include "sw/fdt.h"

struct dt_info {
    bool psci_compat_10, psci_compat_02, have_method, method_ok, domain_states;
    unsigned ncpus, npsci_enable;
    uint64_t cpu_reg[SW_MAX_CPUS];
    char method[8];
};

static bool collect(void *ctx, const char *path, const char *name, const uint8_t *val, uint32_t len)
{
    struct dt_info *d = ctx;
    if (strcmp(path, "/psci") == 0) {
        if (strcmp(name, "compatible") == 0) {
            d->psci_compat_10 = sw_fdt_strlist_has(val, len, "arm,psci-1.0");
            d->psci_compat_02 = sw_fdt_strlist_has(val, len, "arm,psci-0.2");
        } else if (strcmp(name, "method") == 0) {
            d->have_method = true;
            unsigned i = 0;
            for (; i + 1 < sizeof d->method && i < len && val[i]; i++)
                d->method[i] = (char)val[i];
            d->method[i] = '\0';
            d->method_ok = sw_fdt_strlist_has(val, len, SW_CONDUIT_NAME);
        }
    } else if (sw_str_starts(path, "/cpus/cpu@")) {
        if (strcmp(name, "reg") == 0 && d->ncpus < SW_MAX_CPUS)
            d->cpu_reg[d->ncpus++] =
                len == 8 ? (uint64_t)sw_be32(val) << 32 | sw_be32(val + 4) : sw_be32(val);
        else if (strcmp(name, "enable-method") == 0 && sw_fdt_strlist_has(val, len, "psci"))
            d->npsci_enable++;
    } else if (sw_str_starts(path, "/cpus/domain-idle-states/")) {
        d->domain_states = true;
    }
    return true;
}

static void unlisted(const struct dt_info *d)
{
    static const struct {
        const char *name;
        unsigned level;
        unsigned local; /* 1 retention, 2 off, at every level up to 'level' */
    } cand[] = {
        {"core_retention", 0, 1},
        {"core_off", 0, 2},
        {"cluster_retention", 1, 1},
        {"cluster_off", 1, 2},
    };
    for (unsigned c = 0; c < sizeof cand / sizeof cand[0]; c++) {
        uint32_t id = 0;
        for (unsigned l = 0; l <= cand[c].level; l++)
            id |= cand[c].local << (4 * l);
        uint32_t ps = sw_pstate_make(cand[c].level, cand[c].local == 2, id);
        bool listed = false;
        for (unsigned i = 0; i < sw_idle_count; i++)
            listed |= sw_idle_table[i].from_dt && sw_idle_table[i].power_state == ps;
        if (listed || (cand[c].level > 0 && d->domain_states)) continue;
        bool resumed;
        int64_t r = suspend_pending(ps, &resumed);
        const char *name = nm("dt.unlisted_state_rejected.%s", cand[c].name);
        if (resumed)
            sw_fail(name, "power_state 0x%08x not in the DT but accepted (resumed)", ps);
        else
            sw_check(name, r == PSCI_INVALID_PARAMETERS,
                     "power_state 0x%08x not in the DT: got %ld (%s) expected -2 "
                     "(INVALID_PARAMETERS)",
                     ps, r, psci_ret_name(r));
    }
}

void t_dt(void)
{
    const void *fdt = sw_fdt_boot();
    if (!fdt) {
        sw_skip("dt.*", "no device tree at x0 (0x%lx) or at the start of RAM", sw_boot_dtb);
        return;
    }
    static struct dt_info d;
    memset(&d, 0, sizeof d);
    sw_check("dt.structure_valid", sw_fdt_walk(fdt, collect, &d), "malformed structure block");
    if (version_at_least(1, 0))
        sw_check("dt.psci_compatible", d.psci_compat_10, "/psci compatible lacks arm,psci-1.0");
    else
        sw_check("dt.psci_compatible", d.psci_compat_02, "/psci compatible lacks arm,psci-0.2");
    sw_check("dt.psci_method_matches_conduit", d.method_ok, "/psci method \"%s\", calls use %s",
             d.have_method ? d.method : "(none)", SW_CONDUIT_NAME);
    unsigned matched = 0;
    for (unsigned i = 0; i < d.ncpus; i++)
        for (unsigned k = 0; k < sw_topo.ncpus; k++)
            matched += d.cpu_reg[i] == sw_topo.mpidr[k];
    sw_check("dt.cpus_match_affinity_info", d.ncpus == sw_topo.ncpus && matched == d.ncpus,
             "%u cpu nodes (%u matching) for %u cores found by AFFINITY_INFO", d.ncpus, matched,
             sw_topo.ncpus);
    if (sw_topo.ncpus > 1)
        sw_check("dt.cpus_enable_method_psci", d.npsci_enable == d.ncpus,
                 "%u of %u cpu nodes have enable-method \"psci\"", d.npsci_enable, d.ncpus);
    if (!sw_idle_from_dt) {
        sw_skip("dt.idle_state.*", "the DT lists no idle states");
        return;
    }
    for (unsigned i = 0; i < sw_idle_count; i++) {
        if (!sw_idle_table[i].from_dt) continue;
        struct sw_suspend_result res;
        uint64_t ctx = 0xD7000000ull | i;
        sw_suspend_timer(sw_idle_table[i].power_state, 3000, ctx, &res);
        check_suspend_ok(nm("dt.idle_state.%s.timer_wake", sw_idle_table[i].name), res.ret,
                         res.resumed, ctx);
    }
    unlisted(&d);
}
