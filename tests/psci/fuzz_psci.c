/*
 * fuzz_psci.c - bytes drive a PSCI instance on the fake platform: a configuration (topology
 * up to 4x4, version, format, OSI, optional hooks, retention states, Trusted OS), then a
 * sequence of conduit calls from random cores (valid and garbage IDs/arguments, both
 * widths) interleaved with platform events (power-up done, wake-up, abandon, power-down
 * done, system reset), platform hook failures, pending interrupts and time steps.
 *
 * After every step it aborts unless: the library accepted or cleanly refused (PSCI_ERR_*)
 * the call/event; x0 is a value DEN 0022 allows for that function; the action fits the
 * function; PSCI_FEATURES agrees with dispatch; and the state invariants hold:
 *   - a parent is never deeper than any of its children;
 *   - a running core has its whole path RUN; OFF/ON_PENDING/OFF_PENDING/FROZEN cores and
 *     power-down-suspended cores are OFF at level 0, standby-suspended ones RET;
 *   - AFFINITY_INFO level 0 matches the core state machine;
 *   - in platform-coordinated mode every cluster/system node lies between the minimum of
 *     all cores' votes (ON_PENDING voting RUN) and the minimum of the votes of the cores
 *     that are not ON_PENDING: never deeper than the cores allow, never shallower than
 *     their votes unless a power-up is in flight (votes tracked here independently).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_platform.h"
#include "psci/psci.h"

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_psci: check failed at line %d: %s: ", __LINE__, #cond);          \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fprintf(stderr, "\n");                                                                 \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

struct input {
    const uint8_t *d;
    size_t n, i;
};

static uint8_t u8(struct input *in)
{
    return in->i < in->n ? in->d[in->i++] : 0;
}

static uint32_t u32(struct input *in)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++)
        v = (v << 8) | u8(in);
    return v;
}

static uint64_t u64(struct input *in)
{
    return ((uint64_t)u32(in) << 32) | u32(in);
}

static const uint32_t versions[] = {PSCI_VERSION_0_2, PSCI_VERSION_1_0, PSCI_VERSION_1_1,
                                    PSCI_VERSION_1_2, PSCI_VERSION_1_3};

typedef psci_local_state_t votes_t[PSCI_NUM_LEVELS];

struct world {
    struct psci *p;
    struct fake_plat f;
    struct psci_config cfg;
    unsigned cpc[4];
    unsigned n;
    votes_t vote[FAKE_MAX_CORES];
};

static const psci_local_state_t composites[][3] = {
    {1, 0, 0}, {2, 0, 0}, {2, 2, 0}, {2, 2, 2}, {1, 1, 0}, {2, 1, 0}, {1, 1, 1},
    {2, 1, 1}, {2, 2, 1}, {0, 0, 0}, {1, 2, 0}, {2, 0, 2}, {3, 0, 0},
};
#define NUM_COMPOSITES (sizeof composites / sizeof composites[0])

static void cold_votes(struct world *w)
{
    for (unsigned c = 0; c < w->n; c++)
        for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
            w->vote[c][l] = c == w->cfg.boot_core ? PSCI_LOCAL_RUN : PSCI_LOCAL_OFF;
}

static void check_invariants(const struct world *w)
{
    const struct psci *p = w->p;
    if (psci_is_halted(p)) return;
    for (unsigned c = 0; c < w->n; c++) {
        const enum psci_core_state s = psci_core_state(p, c);
        const psci_local_state_t l0 = psci_node_local_state(p, c, 0);
        const psci_local_state_t l1 = psci_node_local_state(p, c, 1);
        const psci_local_state_t l2 = psci_node_local_state(p, c, 2);
        CHECK(l0 <= PSCI_LOCAL_OFF && l1 <= PSCI_LOCAL_OFF && l2 <= PSCI_LOCAL_OFF, "core %u", c);
        CHECK(l1 <= l0 && l2 <= l1, "core %u: parent deeper than child (%u %u %u)", c, l0, l1, l2);
        switch (s) {
        case PSCI_CORE_ON:
            CHECK(l0 == 0 && l1 == 0 && l2 == 0, "running core %u path not RUN", c);
            break;
        case PSCI_CORE_SUSPENDED_STANDBY: CHECK(l0 == PSCI_LOCAL_RET, "core %u", c); break;
        default: CHECK(l0 == PSCI_LOCAL_OFF, "core %u in %s not OFF", c, psci_core_state_name(s));
        }
        const enum psci_aff_state a = psci_core_aff_state(p, c);
        const enum psci_aff_state want = (s == PSCI_CORE_OFF || s == PSCI_CORE_FROZEN)
                                             ? PSCI_AFF_OFF
                                         : s == PSCI_CORE_ON_PENDING ? PSCI_AFF_ON_PENDING
                                                                     : PSCI_AFF_ON;
        CHECK(a == want, "core %u aff %d", c, (int)a);
    }
    if (psci_get_suspend_mode(p) != PSCI_MODE_PC) return;
    /* Cluster and system nodes against the votes tracked by this harness. */
    for (unsigned c = 0; c < w->n; c++)
        for (unsigned l = 1; l < PSCI_NUM_LEVELS; l++) {
            psci_local_state_t lo = PSCI_LOCAL_OFF, hi = PSCI_LOCAL_OFF;
            for (unsigned o = 0; o < w->n; o++) {
                if (l == 1 && psci_core_cluster(p, o) != psci_core_cluster(p, c)) continue;
                const bool pending = psci_core_state(p, o) == PSCI_CORE_ON_PENDING;
                const psci_local_state_t v = pending ? PSCI_LOCAL_RUN : w->vote[o][l];
                if (v < lo) lo = v;
                if (!pending && w->vote[o][l] < hi) hi = w->vote[o][l];
            }
            const psci_local_state_t s = psci_node_local_state(p, c, l);
            CHECK(lo <= s && s <= hi, "PC: core %u level %u state %u not in [%u,%u]", c, l, s, lo,
                  hi);
        }
}

static bool decode_recommended(const struct world *w, uint32_t ps, votes_t out)
{
    /* Only used to learn the votes of an accepted CPU_SUSPEND (no platform table). */
    uint32_t id =
        w->cfg.power_state_format == PSCI_PSTATE_EXTENDED ? ps & 0x0fffffffu : ps & 0xffffu;
    for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
        out[l] = (psci_local_state_t)((id >> (4 * l)) & 0xf);
    return true;
}

static bool one_of(int64_t v, const int64_t *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v == set[i]) return true;
    return false;
}
#define ONE_OF(v, ...)                                                                             \
    one_of((v), (const int64_t[]){__VA_ARGS__},                                                    \
           sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t))

static uint64_t pick_mpidr(struct world *w, struct input *in)
{
    uint8_t k = u8(in);
    if (k < 200) return psci_core_mpidr(w->p, k % w->n) & 0xff00ffffffull;
    if (k < 230) return u8(in) | ((uint64_t)u8(in) << 8);
    return u64(in);
}

static uint64_t pick_entry(struct input *in)
{
    uint8_t k = u8(in);
    if (k < 200) return 0x40080000u + ((uint64_t)(k % 16) << 12);
    if (k < 230) return 0x40000000u + (u8(in) & 0x7u);
    return u64(in);
}

static uint32_t pick_power_state(struct world *w, struct input *in)
{
    uint8_t k = u8(in);
    if (k < 220) {
        const psci_local_state_t *c = composites[k % NUM_COMPOSITES];
        unsigned last_at = u8(in) % 5;
        uint32_t ps = psci_make_power_state(w->cfg.power_state_format, c, last_at);
        if (u8(in) < 10) ps ^= 1u << (u8(in) % 32);
        return ps;
    }
    return u32(in);
}

static uint32_t pick_fid(struct input *in)
{
    uint8_t k = u8(in);
    if (k < 200) {
        uint32_t fn = k % 0x18;
        return ((k / 0x18) & 1) ? PSCI_FID64(fn) : PSCI_FID32(fn);
    }
    if (k < 215) return k & 1 ? SMCCC_VERSION_FID : SMCCC_ARCH_FEATURES_FID;
    return u32(in);
}

static void check_call(struct world *w, unsigned core, bool a32, const uint64_t x[4],
                       const struct psci_result *r, enum psci_core_state before_state)
{
    const struct psci *p = w->p;
    /* SMCCC 1.3 (DEN 0028 2.5.3): bit 16 is the SVE live-state hint, ignored by the
     * callee, so 0x80010000 is SMCCC_VERSION there. */
    const uint32_t fid =
        w->cfg.smccc_version >= SMCCC_VERSION_1_3 ? (uint32_t)x[0] & ~0x00010000u : (uint32_t)x[0];
    const int64_t v = (int64_t)r->x[0];
    const bool supported = psci_function_supported(p, fid, a32);
    const bool smc64 = (fid & 0x40000000u) != 0;
    const bool is_psci = (fid & 0xBFFFFFE0u) == 0x84000000u;
    const uint32_t fn = fid & 0x1f;
    const bool v10 = psci_get_version(p) >= PSCI_VERSION_1_0;
    const int64_t bad_addr = v10 ? PSCI_RET_INVALID_ADDRESS : PSCI_RET_INVALID_PARAMETERS;
    (void)before_state;

    CHECK(r->x[1] == x[1] && r->x[2] == x[2] && r->x[3] == x[3], "x1..x3 not preserved");
    if (!is_psci) {
        CHECK(r->action == PSCI_ACTION_RETURN, "non-PSCI fid 0x%x acted", fid);
        if (fid == SMCCC_VERSION_FID && w->cfg.smccc_version >= SMCCC_VERSION_1_1)
            CHECK(v == (int64_t)w->cfg.smccc_version, "SMCCC_VERSION");
        else if (fid == SMCCC_ARCH_FEATURES_FID && w->cfg.smccc_version >= SMCCC_VERSION_1_1)
            CHECK(ONE_OF(v, 0, PSCI_RET_NOT_SUPPORTED), "ARCH_FEATURES %lld", (long long)v);
        else
            CHECK(v == PSCI_RET_NOT_SUPPORTED, "unknown fid 0x%x -> %lld", fid, (long long)v);
        return;
    }
    if (!supported) {
        CHECK(v == PSCI_RET_NOT_SUPPORTED && r->action == PSCI_ACTION_RETURN,
              "unsupported fid 0x%x -> %lld", fid, (long long)v);
        return;
    }
    const bool ret = r->action == PSCI_ACTION_RETURN;
    switch (fn) {
    case PSCI_FN_PSCI_VERSION: CHECK(v == (int64_t)psci_get_version(p), "version"); break;
    case PSCI_FN_CPU_SUSPEND:
    case PSCI_FN_CPU_DEFAULT_SUSPEND:
    case PSCI_FN_SYSTEM_SUSPEND:
        if (ret)
            CHECK(
                ONE_OF(v, PSCI_RET_SUCCESS, PSCI_RET_INVALID_PARAMETERS, bad_addr, PSCI_RET_DENIED),
                "suspend fn %u -> %lld", fn, (long long)v);
        else {
            CHECK(r->action == PSCI_ACTION_SUSPEND_STANDBY ||
                      r->action == PSCI_ACTION_SUSPEND_POWERDOWN,
                  "suspend action %d", (int)r->action);
            CHECK(v == PSCI_RET_SUCCESS, "suspend x0");
            CHECK(fn == PSCI_FN_CPU_SUSPEND || r->action == PSCI_ACTION_SUSPEND_POWERDOWN,
                  "default/system suspend is a power-down");
            if (fn == PSCI_FN_SYSTEM_SUSPEND)
                for (unsigned o = 0; o < w->n; o++)
                    CHECK(o == core || psci_core_aff_state(p, o) == PSCI_AFF_OFF,
                          "SYSTEM_SUSPEND with core %u not off", o);
        }
        break;
    case PSCI_FN_CPU_OFF:
        CHECK(ret ? v == PSCI_RET_DENIED : r->action == PSCI_ACTION_CPU_OFF, "CPU_OFF");
        break;
    case PSCI_FN_CPU_FREEZE:
        CHECK(ret ? v == PSCI_RET_DENIED : r->action == PSCI_ACTION_FROZEN, "CPU_FREEZE");
        break;
    case PSCI_FN_CPU_ON:
        CHECK(ret && ONE_OF(v, PSCI_RET_SUCCESS, PSCI_RET_INVALID_PARAMETERS, bad_addr,
                            PSCI_RET_ALREADY_ON, PSCI_RET_ON_PENDING, PSCI_RET_INTERNAL_FAILURE,
                            PSCI_RET_DENIED, PSCI_RET_DISABLED),
              "CPU_ON -> %lld", (long long)v);
        if (v == PSCI_RET_SUCCESS) {
            int t = psci_core_by_mpidr(p, smc64 ? x[1] : (uint32_t)x[1]);
            CHECK(t >= 0 && psci_core_state(p, (unsigned)t) == PSCI_CORE_ON_PENDING, "CPU_ON");
        }
        break;
    case PSCI_FN_AFFINITY_INFO:
        CHECK(ret && ONE_OF(v, 0, 1, 2, PSCI_RET_INVALID_PARAMETERS), "AFFINITY_INFO");
        if ((smc64 ? x[2] : (uint32_t)x[2]) == 0 && v >= 0) {
            int t = psci_core_by_mpidr(p, smc64 ? x[1] : (uint32_t)x[1]);
            CHECK(t >= 0 && v == (int64_t)psci_core_aff_state(p, (unsigned)t), "AFF level 0");
        }
        break;
    case PSCI_FN_MIGRATE:
        CHECK(ret && ONE_OF(v, PSCI_RET_SUCCESS, PSCI_RET_NOT_PRESENT, PSCI_RET_DENIED,
                            PSCI_RET_INVALID_PARAMETERS, PSCI_RET_INTERNAL_FAILURE),
              "MIGRATE");
        break;
    case PSCI_FN_MIGRATE_INFO_TYPE: CHECK(ret && v == (int64_t)w->cfg.tos, "MIT"); break;
    case PSCI_FN_MIGRATE_INFO_UP_CPU: {
        bool found = false;
        for (unsigned o = 0; o < w->n; o++) {
            uint64_t m = psci_core_mpidr(p, o) & 0xff00ffffffull;
            found |= (uint64_t)v == (smc64 ? m : (uint32_t)m);
        }
        CHECK(ret && found, "UP_CPU");
        break;
    }
    case PSCI_FN_SYSTEM_OFF: CHECK(r->action == PSCI_ACTION_SYSTEM_OFF, "SYSTEM_OFF"); break;
    case PSCI_FN_SYSTEM_RESET: CHECK(r->action == PSCI_ACTION_SYSTEM_RESET, "RESET"); break;
    case PSCI_FN_PSCI_FEATURES: {
        CHECK(ret && (v >= 0 || v == PSCI_RET_NOT_SUPPORTED), "FEATURES %lld", (long long)v);
        CHECK(v == psci_features(p, (uint32_t)x[1], a32), "FEATURES vs query");
        uint32_t q = (uint32_t)x[1];
        if (v >= 0 && (q & 0xBFFFFFFFu) == PSCI_0_2_FN_CPU_SUSPEND)
            CHECK(v <= 3, "CPU_SUSPEND flags");
        break;
    }
    case PSCI_FN_NODE_HW_STATE:
        CHECK(ret && ONE_OF(v, 0, 1, 2, PSCI_RET_INVALID_PARAMETERS, PSCI_RET_NOT_SUPPORTED,
                            PSCI_RET_INTERNAL_FAILURE),
              "NODE_HW_STATE");
        break;
    case PSCI_FN_PSCI_SET_SUSPEND_MODE:
        CHECK(ret && ONE_OF(v, PSCI_RET_SUCCESS, PSCI_RET_INVALID_PARAMETERS, PSCI_RET_DENIED),
              "SET_SUSPEND_MODE");
        break;
    case PSCI_FN_PSCI_STAT_RESIDENCY:
    case PSCI_FN_PSCI_STAT_COUNT: CHECK(ret && (smc64 || r->x[0] <= 0xffffffffull), "STAT"); break;
    case PSCI_FN_SYSTEM_RESET2:
        CHECK(ret ? v < 0
                  : (r->action == PSCI_ACTION_SYSTEM_RESET_WARM ||
                     r->action == PSCI_ACTION_SYSTEM_RESET_VENDOR),
              "RESET2");
        break;
    case PSCI_FN_MEM_PROTECT:
        CHECK(ret && ONE_OF(v, 0, 1, PSCI_RET_NOT_SUPPORTED), "MEM_PROTECT");
        break;
    case PSCI_FN_MEM_PROTECT_CHECK_RANGE:
        CHECK(ret && ONE_OF(v, PSCI_RET_SUCCESS, PSCI_RET_DENIED), "CHECK_RANGE");
        break;
    case PSCI_FN_SYSTEM_OFF2:
        CHECK(ret ? v == PSCI_RET_INVALID_PARAMETERS : r->action == PSCI_ACTION_SYSTEM_OFF2,
              "OFF2");
        break;
    default:
        /* A row without a rule here yet: its result must still be data (>= 0) or one of
         * DEN 0022's return codes. Supported numbers without a row are a library bug. */
        CHECK(psci_get_function_info(fn) != NULL, "supported unknown fn %u", fn);
        CHECK(v >= PSCI_RET_INVALID_ADDRESS, "fn %u -> %lld", fn, (long long)v);
    }
}

/* Learns the votes the caller just cast, from the call and the resulting core state. */
static void track_votes(struct world *w, unsigned core, const uint64_t x[4],
                        const struct psci_result *r)
{
    const uint32_t fid = (uint32_t)x[0];
    const unsigned fn = fid & 0x1f;
    const bool smc64 = (fid & 0x40000000u) != 0;
    if (r->action == PSCI_ACTION_CPU_OFF || r->action == PSCI_ACTION_FROZEN ||
        (r->action == PSCI_ACTION_SUSPEND_POWERDOWN && fn == PSCI_FN_SYSTEM_SUSPEND)) {
        for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
            w->vote[core][l] = PSCI_LOCAL_OFF;
    } else if (r->action == PSCI_ACTION_SUSPEND_STANDBY ||
               r->action == PSCI_ACTION_SUSPEND_POWERDOWN) {
        if (fn == PSCI_FN_CPU_SUSPEND) {
            decode_recommended(w, (uint32_t)x[1], w->vote[core]);
        } else { /* CPU_DEFAULT_SUSPEND: what the library documents it picks */
            w->vote[core][0] = PSCI_LOCAL_OFF;
            w->vote[core][1] = w->vote[core][2] = PSCI_LOCAL_RUN;
            if (psci_get_suspend_mode(w->p) == PSCI_MODE_PC) {
                w->vote[core][1] = PSCI_LOCAL_OFF; /* levels 1, 2 always support OFF here */
                w->vote[core][2] = PSCI_LOCAL_OFF;
            }
        }
    } else if (fn == PSCI_FN_CPU_ON && (fid & 0xBFFFFFE0u) == 0x84000000u &&
               (int64_t)r->x[0] == PSCI_RET_SUCCESS) {
        int t = psci_core_by_mpidr(w->p, smc64 ? x[1] : (uint32_t)x[1]);
        for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
            w->vote[t][l] = PSCI_LOCAL_RUN;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {data, size, 0};
    struct world w;
    memset(&w, 0, sizeof w);
    fake_plat_init(&w.f);
    psci_config_init(&w.cfg);
    const unsigned nclusters = 1 + u8(&in) % 4;
    for (unsigned c = 0; c < nclusters; c++)
        w.cpc[c] = 1 + u8(&in) % 4;
    w.cfg.num_clusters = nclusters;
    w.cfg.cores_per_cluster = w.cpc;
    uint8_t k = u8(&in);
    w.cfg.version = versions[k % 5];
    const bool v10 = w.cfg.version >= PSCI_VERSION_1_0;
    w.cfg.power_state_format = (v10 && (k & 0x08)) ? PSCI_PSTATE_EXTENDED : PSCI_PSTATE_ORIGINAL;
    w.cfg.osi_supported = v10 && (k & 0x10);
    w.cfg.affinity_info_level0_only = (k & 0x20) != 0;
    if (k & 0x40) {
        w.cfg.level_states[1] = PSCI_STATE_BIT(PSCI_LOCAL_RET) | PSCI_STATE_BIT(PSCI_LOCAL_OFF);
        w.cfg.level_states[2] = PSCI_STATE_BIT(PSCI_LOCAL_RET) | PSCI_STATE_BIT(PSCI_LOCAL_OFF);
    }
    unsigned n = 0;
    for (unsigned c = 0; c < nclusters; c++)
        n += w.cpc[c];
    w.n = n;
    k = u8(&in);
    w.cfg.tos = (enum psci_tos_type)(k % 3);
    w.cfg.tos_core = (k >> 2) % n;
    w.cfg.boot_core = u8(&in) % n;
    static uint64_t ids[FAKE_MAX_CORES];
    if (u8(&in) & 1) { /* unusual MPIDRs: Aff3/Aff2 used, cluster not in Aff1 */
        for (unsigned c = 0; c < n; c++)
            ids[c] = 0x80000000ull | ((uint64_t)c << 32) | ((uint64_t)((c * 7u) & 0xffu) << 16);
        w.cfg.mpidr = ids;
    }
    w.cfg.smccc_version = (k & 0x80) ? SMCCC_VERSION_1_0 : SMCCC_VERSION_1_3;
    static const struct psci_mem_range ram = {0x40000000u, 0x10000000u};
    w.cfg.ns_ram = &ram;
    w.cfg.num_ns_ram = 1;
    struct psci_platform_ops ops;
    unsigned hooks = (u8(&in) | ((unsigned)u8(&in) << 8)) & FAKE_HOOK_ALL_OPTIONAL;
    hooks &= ~(unsigned)FAKE_HOOK_VALIDATE_PSTATE; /* votes are decoded with the default table */
    if (w.cfg.tos == PSCI_TOS_UP_MIGRATE) hooks |= FAKE_HOOK_MIGRATE;
    fake_plat_ops(&ops, hooks);
    char err[256];
    w.p = psci_create(&w.cfg, &ops, &w.f, err, sizeof err);
    CHECK(w.p != NULL, "%s", err);
    w.f.psci = w.p;
    cold_votes(&w);
    check_invariants(&w);

    while (in.i < in.n) {
        const uint8_t op = u8(&in);
        const unsigned core = u8(&in) % n;
        struct psci_resume res;
        int st;
        if (op < 150) { /* a conduit call */
            const bool a32 = u8(&in) < 20;
            uint64_t x[4];
            x[0] = pick_fid(&in);
            const uint32_t fn = (uint32_t)x[0] & 0x1f;
            switch (fn) {
            case PSCI_FN_CPU_SUSPEND:
                x[1] = pick_power_state(&w, &in);
                x[2] = pick_entry(&in);
                x[3] = u8(&in);
                break;
            case PSCI_FN_CPU_ON:
                x[1] = pick_mpidr(&w, &in);
                x[2] = pick_entry(&in);
                x[3] = u64(&in);
                break;
            case PSCI_FN_CPU_DEFAULT_SUSPEND:
            case PSCI_FN_SYSTEM_SUSPEND:
                x[1] = pick_entry(&in);
                x[2] = u8(&in);
                x[3] = 0;
                break;
            default:
                x[1] = u8(&in) < 128 ? pick_mpidr(&w, &in) : u64(&in);
                x[2] = u8(&in) < 128 ? pick_power_state(&w, &in) : u8(&in) % 5;
                x[3] = u8(&in) < 200 ? 0 : u64(&in);
                break;
            }
            if (fn == PSCI_FN_PSCI_FEATURES) x[1] = pick_fid(&in);
            struct psci_result r;
            const enum psci_core_state before = psci_core_state(w.p, core);
            st = psci_handle_call(w.p, core, a32, x, &r);
            if (psci_is_halted(w.p) && st == PSCI_ERR_HALTED) goto invariants;
            if (before != PSCI_CORE_ON) {
                CHECK(st == PSCI_ERR_STATE, "call from core %u in %s accepted", core,
                      psci_core_state_name(before));
                goto invariants;
            }
            CHECK(st == PSCI_OK, "call refused %d", st);
            check_call(&w, core, a32, x, &r, before);
            track_votes(&w, core, x, &r);
            if (r.action == PSCI_ACTION_SYSTEM_RESET || r.action == PSCI_ACTION_SYSTEM_RESET_WARM ||
                r.action == PSCI_ACTION_SYSTEM_RESET_VENDOR) {
                CHECK(psci_event_system_reset(w.p) == PSCI_OK, "reset");
                cold_votes(&w);
            }
        } else if (op < 175) {
            const enum psci_core_state s = psci_core_state(w.p, core);
            st = psci_event_power_up_done(w.p, core, &res);
            if (psci_is_halted(w.p))
                CHECK(st == PSCI_ERR_HALTED, "halted");
            else if (s == PSCI_CORE_ON_PENDING || s == PSCI_CORE_SUSPENDED_POWERDOWN) {
                CHECK(st == PSCI_OK && res.kind == PSCI_RESUME_WARM_BOOT, "power up");
                for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
                    w.vote[core][l] = PSCI_LOCAL_RUN;
            } else
                CHECK(st == PSCI_ERR_STATE, "power up of core in %s", psci_core_state_name(s));
        } else if (op < 205) {
            const enum psci_core_state s = psci_core_state(w.p, core);
            const bool abandon = op >= 198;
            st = abandon ? psci_event_suspend_abandoned(w.p, core, &res)
                         : psci_event_wakeup(w.p, core, &res);
            if (psci_is_halted(w.p))
                CHECK(st == PSCI_ERR_HALTED, "halted");
            else if (s == PSCI_CORE_SUSPENDED_STANDBY || s == PSCI_CORE_SUSPENDED_POWERDOWN) {
                CHECK(st == PSCI_OK, "wake");
                CHECK((res.kind == PSCI_RESUME_WARM_BOOT) ==
                          (!abandon && s == PSCI_CORE_SUSPENDED_POWERDOWN),
                      "resume kind");
                for (unsigned l = 0; l < PSCI_NUM_LEVELS; l++)
                    w.vote[core][l] = PSCI_LOCAL_RUN;
            } else
                CHECK(st == PSCI_ERR_STATE, "wake of core in %s", psci_core_state_name(s));
        } else if (op < 225) {
            const enum psci_core_state s = psci_core_state(w.p, core);
            st = psci_event_power_down_done(w.p, core);
            if (!psci_is_halted(w.p))
                CHECK((st == PSCI_OK) == (s == PSCI_CORE_OFF_PENDING), "power down done");
        } else if (op < 228) {
            CHECK(psci_event_system_reset(w.p) == PSCI_OK, "reset");
            cold_votes(&w);
        } else if (op < 240) {
            w.f.irq[core] = !w.f.irq[core];
        } else if (op < 248) {
            w.f.now_ns += u32(&in);
        } else { /* platform hooks start failing or recover */
            static const int rcs[] = {PSCI_RET_SUCCESS,
                                      PSCI_RET_SUCCESS,
                                      PSCI_RET_DENIED,
                                      PSCI_RET_INTERNAL_FAILURE,
                                      PSCI_RET_INVALID_PARAMETERS,
                                      7,
                                      PSCI_RET_DISABLED,
                                      PSCI_RET_NOT_SUPPORTED};
            const int rc = rcs[u8(&in) % 8];
            switch (u8(&in) % 7) {
            case 0: w.f.on_rc = rc; break;
            case 1: w.f.off_rc = rc; break;
            case 2: w.f.suspend_rc = rc; break;
            case 3: w.f.reset2_rc = rc; break;
            case 4: w.f.migrate_rc = rc; break;
            case 5: w.f.hw_state_rc = rc == PSCI_RET_SUCCESS ? -1000 : rc; break;
            default: w.f.mem_write_rc = rc < 0 ? -1 : 0; break;
            }
        }
    invariants:
        check_invariants(&w);
        if (psci_is_halted(w.p) && u8(&in) < 64) {
            CHECK(psci_event_system_reset(w.p) == PSCI_OK, "power on");
            cold_votes(&w);
        }
    }
    psci_destroy(w.p);
    return 0;
}
