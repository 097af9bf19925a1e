/* fake_platform.c - see fake_platform.h. */
#include "fake_platform.h"

#include <string.h>

static struct fake_plat *F(void *ctx)
{
    return (struct fake_plat *)ctx;
}

void fake_plat_init(struct fake_plat *f)
{
    memset(f, 0, sizeof *f);
    f->hw_state_rc = -1000;
    f->prot_base = 0x40000000u;
    f->prot_size = 0x10000000u;
}

static int on(void *ctx, unsigned core, uint64_t entry, uint64_t context_id)
{
    struct fake_plat *f = F(ctx);
    f->n_on++;
    f->last_core = core;
    f->last_entry = entry;
    f->last_context = context_id;
    return f->on_rc;
}

static int off(void *ctx, unsigned core, const psci_local_state_t t[PSCI_NUM_LEVELS])
{
    struct fake_plat *f = F(ctx);
    f->n_off++;
    f->last_core = core;
    memcpy(f->last_target, t, PSCI_NUM_LEVELS);
    return f->off_rc;
}

static int suspend(void *ctx, unsigned core, const psci_local_state_t t[PSCI_NUM_LEVELS], bool pd)
{
    struct fake_plat *f = F(ctx);
    f->n_suspend++;
    f->last_core = core;
    memcpy(f->last_target, t, PSCI_NUM_LEVELS);
    f->last_power_down = pd;
    return f->suspend_rc;
}

static bool irq_pending(void *ctx, unsigned core)
{
    return core < FAKE_MAX_CORES && F(ctx)->irq[core];
}

static void sys_off(void *ctx)
{
    F(ctx)->n_sys_off++;
}

static void sys_reset(void *ctx)
{
    F(ctx)->n_sys_reset++;
}

static int reset2(void *ctx, bool vendor, uint32_t type, uint64_t cookie)
{
    struct fake_plat *f = F(ctx);
    f->n_reset2++;
    f->last_reset2_vendor = vendor;
    f->last_reset2_type = type;
    f->last_reset2_cookie = cookie;
    return f->reset2_rc;
}

static void off2(void *ctx, uint32_t type)
{
    F(ctx)->n_off2++;
    F(ctx)->last_off2_type = type;
}

static void freeze(void *ctx, unsigned core)
{
    struct fake_plat *f = F(ctx);
    f->n_freeze++;
    f->last_core = core;
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
        f->freeze_seen[l] = f->psci ? psci_node_local_state(f->psci, core, l) : 0xff;
}

static int hw_state(void *ctx, unsigned core, unsigned level)
{
    struct fake_plat *f = F(ctx);
    if (f->hw_state_rc > -100) return f->hw_state_rc;
    switch (psci_node_local_state(f->psci, core, level)) {
    case PSCI_LOCAL_RUN: return PSCI_HW_ON;
    case PSCI_LOCAL_RET: return PSCI_HW_STANDBY;
    default: return PSCI_HW_OFF;
    }
}

static int mem_read(void *ctx, bool *enabled)
{
    struct fake_plat *f = F(ctx);
    *enabled = f->mem_protect;
    return f->mem_read_rc;
}

static int mem_write(void *ctx, bool enable)
{
    struct fake_plat *f = F(ctx);
    f->n_mem_write++;
    if (f->mem_write_rc < 0) return f->mem_write_rc;
    f->mem_protect = enable;
    return 0;
}

static int mem_check(void *ctx, uint64_t base, uint64_t length)
{
    struct fake_plat *f = F(ctx);
    f->n_mem_check++;
    if (base >= f->prot_base && base - f->prot_base < f->prot_size &&
        length <= f->prot_size - (base - f->prot_base))
        return PSCI_RET_SUCCESS;
    return PSCI_RET_DENIED;
}

static int migrate(void *ctx, unsigned from, unsigned to)
{
    struct fake_plat *f = F(ctx);
    f->n_migrate++;
    f->last_migrate_from = from;
    f->last_migrate_to = to;
    return f->migrate_rc;
}

static uint64_t time_ns(void *ctx)
{
    return F(ctx)->now_ns;
}

/* A platform table accepting only core standby (0x1 / power_state 0x1) and core off, to
 * show that the hook replaces the built-in StateID decoding. */
static int validate_pstate(void *ctx, uint32_t ps, psci_local_state_t st[PSCI_NUM_LEVELS],
                           unsigned *last_at)
{
    (void)ctx;
    *last_at = 0;
    st[1] = st[2] = PSCI_LOCAL_RUN;
    if (ps == 0x00000007u) {
        st[0] = PSCI_LOCAL_RET;
        return PSCI_RET_SUCCESS;
    }
    if (ps == 0x00010008u) {
        st[0] = PSCI_LOCAL_OFF;
        return PSCI_RET_SUCCESS;
    }
    return PSCI_RET_INVALID_PARAMETERS;
}

static int32_t arch_features(void *ctx, uint32_t fid)
{
    (void)ctx;
    return fid == 0x80008000u ? 0 : PSCI_RET_NOT_SUPPORTED; /* SMCCC_ARCH_WORKAROUND_1 */
}

void fake_plat_ops(struct psci_platform_ops *ops, unsigned hooks)
{
    memset(ops, 0, sizeof *ops);
    ops->pwr_domain_on = on;
    ops->pwr_domain_off = off;
    ops->pwr_domain_suspend = suspend;
    ops->system_off = sys_off;
    ops->system_reset = sys_reset;
    if (hooks & FAKE_HOOK_IRQ_PENDING) ops->irq_pending = irq_pending;
    if (hooks & FAKE_HOOK_RESET2) ops->system_reset2 = reset2;
    if (hooks & FAKE_HOOK_OFF2) ops->system_off2 = off2;
    if (hooks & FAKE_HOOK_FREEZE) ops->cpu_freeze = freeze;
    if (hooks & FAKE_HOOK_HW_STATE) ops->node_hw_state = hw_state;
    if (hooks & FAKE_HOOK_MEM_PROTECT) {
        ops->mem_protect_read = mem_read;
        ops->mem_protect_write = mem_write;
    }
    if (hooks & FAKE_HOOK_MEM_CHECK) ops->mem_protect_check_range = mem_check;
    if (hooks & FAKE_HOOK_MIGRATE) ops->tos_migrate = migrate;
    if (hooks & FAKE_HOOK_TIME) ops->time_ns = time_ns;
    if (hooks & FAKE_HOOK_VALIDATE_PSTATE) ops->validate_power_state = validate_pstate;
    if (hooks & FAKE_HOOK_ARCH_FEATURES) ops->smccc_arch_features = arch_features;
}
