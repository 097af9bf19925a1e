#include "sw/idle.h"

#include "sw/arch.h"
#include "sw/fdt.h"
#include "sw/gic.h"
#include "sw/psci.h"
#include "sw/timer.h"

bool sw_pstate_extended;
struct sw_idle_state sw_idle_table[SW_IDLE_MAX];
unsigned sw_idle_count;
bool sw_idle_from_dt;

unsigned sw_pstate_level(uint32_t ps)
{
    if (!sw_pstate_extended) return (ps >> 24) & 3u;
    unsigned level = 0;
    for (unsigned l = 1; l < 4; l++)
        if ((ps >> (4 * l)) & 0xFu) level = l;
    return level;
}

static void add_state(const char *name, uint32_t ps, bool from_dt)
{
    if (sw_idle_count >= SW_IDLE_MAX) return;
    struct sw_idle_state *s = &sw_idle_table[sw_idle_count++];
    unsigned i = 0;
    for (; name[i] && i + 1 < sizeof s->name; i++)
        s->name[i] = name[i];
    s->name[i] = '\0';
    s->power_state = ps;
    s->level = sw_pstate_level(ps);
    s->powerdown = sw_pstate_is_powerdown(ps);
    s->from_dt = from_dt;
}

static bool dt_state(void *ctx, const char *path, const char *name, const uint8_t *val,
                     uint32_t len)
{
    (void)ctx;
    if (len == 4 && strcmp(name, "arm,psci-suspend-param") == 0 &&
        sw_str_starts(path, "/cpus/idle-states/")) {
        add_state(path + strlen("/cpus/idle-states/"), sw_be32(val), true);
        sw_idle_from_dt = true;
    }
    return true;
}

void sw_idle_init(void)
{
    int32_t f = psci_features(PSCI_CPU_SUSPEND64);
    sw_pstate_extended = f >= 0 && (f & PSCI_FEAT_EXT_PSTATE);
    sw_idle_count = 0;
    sw_idle_from_dt = false;
    const void *fdt = sw_fdt_boot();
    if (fdt) sw_fdt_walk(fdt, dt_state, 0);
    if (!sw_idle_from_dt) {
        add_state("core-standby", sw_pstate_core_standby(), false);
        add_state("core-off", sw_pstate_core_off(), false);
        add_state("cluster-off", sw_pstate_cluster_off(), false);
    }
    add_state("system-off", sw_pstate_system_off(), false);
}

uint32_t sw_pstate_make(unsigned level, bool powerdown, uint32_t stateid)
{
    if (sw_pstate_extended) return (stateid & 0x0FFFFFFFu) | (powerdown ? 1u << 30 : 0);
    return (stateid & 0xFFFFu) | (powerdown ? 1u << 16 : 0) | ((level & 3u) << 24);
}

uint32_t sw_pstate_make_osi(unsigned level, bool powerdown, uint32_t stateid, unsigned last_level)
{
    return sw_pstate_make(level, powerdown, (stateid & ~0xF000u) | ((last_level & 0xFu) << 12));
}

bool sw_pstate_is_powerdown(uint32_t ps)
{
    return sw_pstate_extended ? (ps >> 30) & 1 : (ps >> 16) & 1;
}

void sw_suspend_timer(uint32_t power_state, uint64_t us, uint64_t ctx,
                      struct sw_suspend_result *res)
{
    sw_irq_mask();
    sw_gic_enable(SW_VTIMER_PPI);
    res->t_call = sw_cntvct();
    res->deadline = res->t_call + sw_us_to_ticks(us);
    sw_vtimer_arm_at(res->deadline);
    res->ret = sw_psci_cpu_suspend(power_state, ctx, &res->resumed);
    res->t_back = sw_cntvct();
    sw_vtimer_disable();
    sw_gic_clear_pending(SW_VTIMER_PPI);
    sw_gic_drain();
}

bool sw_pend_self_sgi(unsigned sgi)
{
    sw_irq_mask();
    sw_gic_enable(sgi);
    sw_gic_send_sgi(sgi, sw_mpidr());
    uint64_t end = sw_deadline_us(10000);
    while (!sw_irq_pending()) {
        if (sw_expired(end)) return false;
    }
    return true;
}

void sw_clear_self_sgi(unsigned sgi)
{
    sw_gic_drain();
    sw_gic_clear_pending(sgi);
    sw_gic_disable(sgi);
}
