#include "suite.h"

#include <stdarg.h>

struct suite S;

const char *nm(const char *fmt, ...)
{
    static char bufs[8][112];
    static unsigned next;
    char *b = bufs[next++ & 7];
    va_list ap;
    va_start(ap, fmt);
    sw_vsnprintf(b, sizeof bufs[0], fmt, ap);
    va_end(ap);
    return b;
}

bool version_at_least(unsigned major, unsigned minor)
{
    return S.major > major || (S.major == major && S.minor >= minor);
}

bool advertised(uint32_t fid)
{
    if (!S.has_features) return false;
    return S.feat[fid & 0x1F][(fid >> 30) & 1] >= 0;
}

bool known_absent(uint32_t fid)
{
    if (S.has_features) return !advertised(fid);
    return !version_at_least(1, 0) && (fid & 0x1F) >= 0x0A;
}

uint64_t mpidr_of(unsigned idx)
{
    return sw_index_mpidr(idx);
}

void suite_refresh_secondaries(void)
{
    S.nsec = 0;
    for (unsigned i = 0; i < sw_topo.ncpus; i++) {
        unsigned idx = sw_topo.index[i];
        if (idx != S.lead && !S.lost[idx]) S.sec[S.nsec++] = idx;
    }
}

bool need_cores(const char *name, unsigned n)
{
    if (S.nsec + 1 >= n) return true;
    sw_skip(name, "needs %u cores, %u usable", n, S.nsec + 1);
    return false;
}

bool need_feature(const char *name, uint32_t fid)
{
    if (advertised(fid)) return true;
    sw_skip(name, "%s%s not advertised by PSCI_FEATURES", psci_fn_name(fid),
            (fid & 0x40000000u) ? " (SMC64)" : "");
    return false;
}

int other_cluster_core(void)
{
    for (unsigned i = 0; i < S.nsec; i++)
        if (sw_mpidr_aff1(mpidr_of(S.sec[i])) != sw_mpidr_aff1(mpidr_of(S.lead)))
            return (int)S.sec[i];
    return -1;
}

int same_cluster_core(void)
{
    for (unsigned i = 0; i < S.nsec; i++)
        if (sw_mpidr_aff1(mpidr_of(S.sec[i])) == sw_mpidr_aff1(mpidr_of(S.lead)))
            return (int)S.sec[i];
    return -1;
}

static int64_t park_fn(uint64_t arg)
{
    (void)arg;
    struct sw_mailbox *mb = &sw_mailboxes[sw_core_index()];
    mb->state = 1;
    sw_dsb();
    while (!mb->go)
        sw_cpu_relax();
    mb->go = 0;
    mb->state = 2;
    return 0;
}

static bool wait_state(unsigned idx, uint32_t state)
{
    uint64_t end = sw_deadline_us(WAIT_LONG_US);
    while (sw_mailboxes[idx].state != state) {
        if (sw_expired(end)) return false;
        sw_cpu_relax();
    }
    return true;
}

int32_t park_core(unsigned idx)
{
    sw_mailboxes[idx].state = 0;
    sw_mailboxes[idx].go = 0;
    int32_t r = sw_cpu_run(idx, park_fn, 0);
    if (r == PSCI_SUCCESS && !wait_state(idx, 1)) return PSCI_INTERNAL_FAILURE;
    return r;
}

bool unpark_core(unsigned idx)
{
    sw_mailboxes[idx].go = 1;
    sw_dsb();
    return sw_cpu_wait_off(idx, WAIT_LONG_US);
}

static int64_t sleeper_fn(uint64_t power_state)
{
    unsigned idx = sw_core_index();
    struct sw_mailbox *mb = &sw_mailboxes[idx];
    sw_irq_mask();
    sw_gic_enable(SGI_WAKE);
    mb->data[2] = 0;
    mb->state = 1;
    sw_dsb();
    while (!mb->go) {
        bool resumed;
        uint64_t ctx = 0x51EE9000ull | idx;
        int64_t r = sw_psci_cpu_suspend((uint32_t)power_state, ctx, &resumed);
        mb->data[0] = (uint64_t)r;
        mb->data[1] = resumed;
        mb->data[2]++;
        if (resumed ? (uint64_t)r != ctx : r != PSCI_SUCCESS) mb->data[3]++; /* a bad outcome */
        sw_gic_drain();
    }
    mb->go = 0;
    sw_gic_disable(SGI_WAKE);
    mb->state = 2;
    return 0;
}

int32_t start_sleeper(unsigned idx, uint32_t power_state)
{
    sw_mailboxes[idx].state = 0;
    sw_mailboxes[idx].go = 0;
    sw_mailboxes[idx].data[3] = 0;
    int32_t r = sw_cpu_run(idx, sleeper_fn, power_state);
    if (r == PSCI_SUCCESS && !wait_state(idx, 1)) return PSCI_INTERNAL_FAILURE;
    return r;
}

bool release_sleeper(unsigned idx)
{
    sw_mailboxes[idx].go = 1;
    sw_dsb();
    uint64_t end = sw_deadline_us(WAIT_LONG_US);
    while (sw_mailboxes[idx].state != 2) {
        if (sw_expired(end)) return false;
        sw_gic_send_sgi(SGI_WAKE, mpidr_of(idx));
        sw_delay_us(200);
    }
    return sw_cpu_wait_off(idx, WAIT_LONG_US);
}

int64_t suspend_pending(uint32_t power_state, bool *resumed)
{
    if (!sw_pend_self_sgi(SGI_SELF_PEND))
        sw_printf("note: SGI %u never showed as pending (ISR_EL1.I)\n", SGI_SELF_PEND);
    int64_t r = sw_psci_cpu_suspend(power_state, 0x5E1F0000ull | S.lead, resumed);
    sw_clear_self_sgi(SGI_SELF_PEND);
    return r;
}

bool check_suspend_ok(const char *name, int64_t ret, bool resumed, uint64_t ctx)
{
    if (resumed)
        return sw_check(name, (uint64_t)ret == ctx,
                        "resumed at entry point with x0 0x%lx expected context_id 0x%lx", ret, ctx);
    return sw_check_ret(name, ret, PSCI_SUCCESS);
}

void check_entry_state(const char *prefix, unsigned idx, uint64_t expected_x0)
{
    volatile struct sw_entry_record *r = &sw_entry_records[idx];
    sw_check(nm("%s.x0_context_id", prefix), r->x0 == expected_x0, "got x0 0x%lx expected 0x%lx",
             r->x0, expected_x0);
    unsigned el = (unsigned)(r->current_el >> 2) & 3;
    sw_check(nm("%s.el", prefix), el == S.entry_el,
             "got EL%u expected EL%u (highest Non-secure EL implemented, ID_AA64PFR0_EL1.EL2)", el,
             S.entry_el);
    sw_check(nm("%s.daif_masked", prefix), (r->daif & SW_DAIF_MASK_ALL) == SW_DAIF_MASK_ALL,
             "got DAIF 0x%lx expected 0x3c0", r->daif);
    sw_check(nm("%s.mmu_dcache_off", prefix), (r->sctlr & (SW_SCTLR_M | SW_SCTLR_C)) == 0,
             "got SCTLR_EL%u 0x%lx, expected M = C = 0", el, r->sctlr);
}
