// The function metadata (psci_functions.def through psci_get_function_info()) against what
// the library does: for every row, every supported version and every subset of the
// optional hooks, dispatch, PSCI_FEATURES, psci_function_supported(), names and the
// version rules of psci_create() must follow the row. Nothing here lists functions: a new
// row is checked as soon as it exists.
#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "psci_test_util.h"

namespace
{

// Independent of the library's own list (DEN 0022 issues B..F.b).
const uint32_t kVersions[] = {PSCI_VERSION_0_2, PSCI_VERSION_1_0, PSCI_VERSION_1_1,
                              PSCI_VERSION_1_2, PSCI_VERSION_1_3};

std::vector<const psci_function_info *> rows()
{
    std::vector<const psci_function_info *> v;
    for (unsigned fn = 0; fn < PSCI_FN_COUNT; fn++)
        if (const psci_function_info *f = psci_get_function_info(fn)) v.push_back(f);
    return v;
}

std::vector<psci_hook_ref> hooks_of(const psci_function_info *f)
{
    std::vector<psci_hook_ref> h;
    for (unsigned i = 0; i < PSCI_FN_MAX_HOOKS && f->hooks[i].name; i++)
        h.push_back(f->hooks[i]);
    return h;
}

bool hook_set(const psci_platform_ops &ops, const psci_hook_ref &h)
{
    void (*fp)(void) = nullptr;
    std::memcpy(&fp, reinterpret_cast<const char *>(&ops) + h.offset, sizeof fp);
    return fp != nullptr;
}

void clear_hook(psci_platform_ops &ops, const psci_hook_ref &h)
{
    void (*fp)(void) = nullptr;
    std::memcpy(reinterpret_cast<char *>(&ops) + h.offset, &fp, sizeof fp);
}

// Hooks of functions that are optional in `version`, minus those a mandatory function of
// that version needs: the hooks a platform may leave out.
std::vector<psci_hook_ref> optional_hooks(uint32_t version)
{
    std::set<size_t> mandatory;
    for (const psci_function_info *f : rows())
        if (psci_function_mandatory(f, version))
            for (const psci_hook_ref &h : hooks_of(f))
                mandatory.insert(h.offset);
    std::set<size_t> seen;
    std::vector<psci_hook_ref> out;
    for (const psci_function_info *f : rows())
        for (const psci_hook_ref &h : hooks_of(f))
            if (!mandatory.count(h.offset) && seen.insert(h.offset).second) out.push_back(h);
    return out;
}

// A 2-core instance on the fake platform with every hook, minus `cleared`.
struct Inst {
    fake_plat f{};
    psci_platform_ops ops{};
    psci_config cfg{};
    unsigned cores[1] = {2};
    psci_mem_range ram{kRamBase, kRamSize};
    psci *p = nullptr;
    char err[512] = {0};

    Inst(uint32_t version, const std::vector<psci_hook_ref> &cleared, bool osi, bool tos,
         bool system_off_states, uint32_t disabled = 0)
    {
        fake_plat_init(&f);
        fake_plat_ops(&ops, FAKE_HOOK_ALL_OPTIONAL & ~FAKE_HOOK_VALIDATE_PSTATE);
        for (const psci_hook_ref &h : cleared)
            clear_hook(ops, h);
        psci_config_init(&cfg);
        cfg.version = version;
        cfg.num_clusters = 1;
        cfg.cores_per_cluster = cores;
        cfg.ns_ram = &ram;
        cfg.num_ns_ram = 1;
        cfg.osi_supported = osi;
        cfg.tos = tos ? PSCI_TOS_UP_MIGRATE : PSCI_TOS_NONE;
        cfg.tos_core = 1;
        if (!system_off_states)
            cfg.level_states[PSCI_LEVEL_SYSTEM] = PSCI_STATE_BIT(PSCI_LOCAL_RET);
        cfg.disabled_functions = disabled;
        p = psci_create(&cfg, &ops, &f, err, sizeof err);
        f.psci = p;
    }
    ~Inst() { psci_destroy(p); }
    Inst(const Inst &) = delete;
    Inst &operator=(const Inst &) = delete;

    unsigned hook_calls() const
    {
        return f.n_on + f.n_off + f.n_suspend + f.n_freeze + f.n_sys_off + f.n_sys_reset +
               f.n_reset2 + f.n_off2 + f.n_mem_write + f.n_mem_check + f.n_migrate;
    }
    psci_result call(uint64_t x0, uint64_t x1)
    {
        psci_result r{};
        const uint64_t x[4] = {x0, x1, kEntry, 0};
        EXPECT_EQ(psci_handle_call(p, 0, false, x, &r), PSCI_OK) << std::hex << x0;
        return r;
    }
};

// What the row says about this instance.
bool expected_supported(const psci_function_info *f, const Inst &s)
{
    if (s.cfg.version < f->since) return false;
    if (s.cfg.disabled_functions & (1u << f->number)) return false;
    for (const psci_hook_ref &h : hooks_of(f))
        if (!hook_set(s.ops, h)) return false;
    switch (f->needs) {
    case PSCI_NEEDS_NOTHING: return true;
    case PSCI_NEEDS_TOS: return s.cfg.tos != PSCI_TOS_NONE;
    case PSCI_NEEDS_OSI: return s.cfg.osi_supported;
    case PSCI_NEEDS_SYSTEM_OFF_STATES:
        return s.cfg.level_states[PSCI_LEVEL_SYSTEM] == 0; // default: cluster and system OFF
    }
    ADD_FAILURE() << "unknown needs " << f->needs;
    return false;
}

TEST(PsciMetadata, RowsAreWellFormed)
{
    size_t nversions = 0;
    const uint32_t *versions = psci_supported_versions(&nversions);
    ASSERT_EQ(std::vector<uint32_t>(versions, versions + nversions),
              std::vector<uint32_t>(std::begin(kVersions), std::end(kVersions)));
    std::set<std::string> names;
    for (const psci_function_info *f : rows()) {
        SCOPED_TRACE(f->name);
        EXPECT_LT(f->number, PSCI_FN_COUNT);
        EXPECT_EQ(psci_get_function_info(f->number), f);
        EXPECT_TRUE(names.insert(f->name).second);
        if (f->name64) {
            EXPECT_EQ(std::string(f->name64).rfind(f->name, 0), 0u) << f->name64;
            EXPECT_TRUE(names.insert(f->name64).second);
        }
        EXPECT_NE(std::find(std::begin(kVersions), std::end(kVersions), f->since),
                  std::end(kVersions));
        if (f->mandatory_from) {
            EXPECT_GE(f->mandatory_from, f->since);
            EXPECT_GE(f->mandatory_to, f->mandatory_from);
        } else {
            EXPECT_EQ(f->mandatory_to, 0u);
        }
        for (uint32_t v : kVersions)
            if (psci_function_mandatory(f, v)) {
                EXPECT_GE(v, f->since);
                EXPECT_EQ(f->needs, PSCI_NEEDS_NOTHING); // mandatory = always available
            }
        EXPECT_LE(f->num_args, 3u);
        // Hooks name real members: inside the struct, pointer aligned, the same offset
        // wherever the same name appears, and implemented by the fake platform.
        psci_platform_ops full{};
        fake_plat_ops(&full, FAKE_HOOK_ALL_OPTIONAL);
        for (const psci_hook_ref &h : hooks_of(f)) {
            EXPECT_LE(h.offset + sizeof(void (*)(void)), sizeof(psci_platform_ops)) << h.name;
            EXPECT_EQ(h.offset % alignof(void (*)(void)), 0u) << h.name;
            EXPECT_TRUE(hook_set(full, h)) << h.name;
            for (const psci_function_info *g : rows())
                for (const psci_hook_ref &k : hooks_of(g))
                    EXPECT_EQ(std::string(k.name) == h.name, k.offset == h.offset)
                        << h.name << " / " << k.name;
        }
    }
    // The well-known numbers of DEN 0022 table 5 resolve to their rows.
    EXPECT_STREQ(psci_get_function_info(PSCI_FN_CPU_ON)->name, "CPU_ON");
    EXPECT_STREQ(psci_get_function_info(PSCI_FN_SYSTEM_OFF2)->name64, "SYSTEM_OFF2_64");
    EXPECT_EQ(psci_get_function_info(PSCI_FN_COUNT), nullptr);
    EXPECT_EQ(psci_function_mandatory(nullptr, PSCI_VERSION_1_0), false);
}

TEST(PsciMetadata, NamesComeFromTheRows)
{
    for (unsigned fn = 0; fn < PSCI_FN_COUNT; fn++) {
        const psci_function_info *f = psci_get_function_info(fn);
        const std::string n32 = psci_function_name(PSCI_FID32(fn));
        const std::string n64 = psci_function_name(PSCI_FID64(fn));
        EXPECT_EQ(n32, f ? f->name : "UNKNOWN") << fn;
        EXPECT_EQ(n64, f && f->name64 ? f->name64 : "UNKNOWN") << fn;
    }
}

TEST(PsciMetadata, VersionRulesFollowTheRows)
{
    for (uint32_t v : kVersions) {
        SCOPED_TRACE(testing::Message() << "version 0x" << std::hex << v);
        for (const psci_function_info *f : rows()) {
            if (psci_function_mandatory(f, v)) {
                // Each hook of a mandatory function is required by psci_create().
                for (const psci_hook_ref &h : hooks_of(f)) {
                    Inst s(v, {h}, false, false, true);
                    EXPECT_EQ(s.p, nullptr) << f->name << " without " << h.name;
                    const std::string e = s.err;
                    EXPECT_NE(e.find(h.name), std::string::npos) << e;
                    EXPECT_NE(e.find("mandatory"), std::string::npos) << e;
                    EXPECT_NE(e.find(f->name), std::string::npos) << e;
                }
                // ... and cannot be withheld.
                Inst d(v, {}, false, false, true, 1u << f->number);
                EXPECT_EQ(d.p, nullptr) << f->name;
                EXPECT_NE(std::string(d.err).find("cannot be disabled"), std::string::npos)
                    << d.err;
            } else if (v >= f->since) {
                // An optional function can be withheld: then neither advertised nor
                // dispatched.
                Inst d(v, {}, v >= PSCI_VERSION_1_0, true, true, 1u << f->number);
                ASSERT_NE(d.p, nullptr) << d.err;
                EXPECT_FALSE(psci_function_supported(d.p, PSCI_FID32(f->number), false)) << f->name;
                EXPECT_EQ(static_cast<int64_t>(d.call(PSCI_FID32(f->number), 0).x[0]),
                          PSCI_RET_NOT_SUPPORTED)
                    << f->name;
            }
        }
    }
    // Function numbers without a row cannot be withheld either.
    for (unsigned fn = 0; fn < PSCI_FN_COUNT; fn++)
        if (!psci_get_function_info(fn)) {
            Inst d(PSCI_VERSION_1_3, {}, false, false, true, 1u << fn);
            EXPECT_EQ(d.p, nullptr) << fn;
            EXPECT_NE(std::string(d.err).find("unknown function"), std::string::npos) << d.err;
        }
    // Versions next to the supported ones are rejected, naming every supported one.
    for (uint32_t v : kVersions)
        for (uint32_t bad : {v - 1, v + 1}) {
            if (std::find(std::begin(kVersions), std::end(kVersions), bad) != std::end(kVersions))
                continue;
            Inst s(bad, {}, false, false, true);
            EXPECT_EQ(s.p, nullptr) << std::hex << bad;
            EXPECT_NE(std::string(s.err).find("0.2, 1.0, 1.1, 1.2, 1.3"), std::string::npos)
                << s.err;
        }
}

// Every version x every subset of the hooks optional in it x Trusted OS x OSI x
// system-level OFF: each function (both IDs) is supported, advertised and dispatched
// exactly as its row says, and an unsupported one reaches no hook.
TEST(PsciMetadata, DispatchAndFeaturesFollowTheRowsForEveryHookSubset)
{
    unsigned instances = 0;
    for (uint32_t v : kVersions) {
        const std::vector<psci_hook_ref> opt = optional_hooks(v);
        ASSERT_LT(opt.size(), 16u);
        for (unsigned mask = 0; mask < (1u << opt.size()); mask++) {
            std::vector<psci_hook_ref> cleared;
            for (unsigned i = 0; i < opt.size(); i++)
                if (mask & (1u << i)) cleared.push_back(opt[i]);
            for (int tos = 0; tos < 2; tos++)
                for (int osi = 0; osi < (v >= PSCI_VERSION_1_0 ? 2 : 1); osi++)
                    for (int sysoff = 0; sysoff < 2; sysoff++) {
                        Inst s(v, cleared, osi != 0, tos != 0, sysoff != 0);
                        ASSERT_NE(s.p, nullptr) << s.err;
                        instances++;
                        const bool features_call =
                            psci_function_supported(s.p, PSCI_1_0_FN_PSCI_FEATURES, false);
                        for (unsigned fn = 0; fn < PSCI_FN_COUNT; fn++) {
                            const psci_function_info *f = psci_get_function_info(fn);
                            const bool want = f && expected_supported(f, s);
                            if (f && psci_function_mandatory(f, v)) {
                                EXPECT_TRUE(want) << f->name;
                            }
                            for (int w = 0; w < 2; w++) {
                                const uint32_t fid = w ? PSCI_FID64(fn) : PSCI_FID32(fn);
                                const bool exp = want && (!w || f->name64);
                                EXPECT_EQ(psci_function_supported(s.p, fid, false), exp)
                                    << std::hex << "version 0x" << v << " mask 0x" << mask
                                    << " fid 0x" << fid;
                                // An AArch32 caller never reaches an SMC64 ID.
                                EXPECT_EQ(psci_function_supported(s.p, fid, true), exp && !w);
                                if (features_call) {
                                    EXPECT_EQ(s.call(PSCI_1_0_FN_PSCI_FEATURES, fid).x[0] <
                                                  0x80000000u,
                                              exp)
                                        << std::hex << fid;
                                }
                                if (!exp) {
                                    const unsigned before = s.hook_calls();
                                    psci_result r = s.call(fid, s.cfg.tos_core);
                                    EXPECT_EQ(static_cast<int64_t>(r.x[0]), PSCI_RET_NOT_SUPPORTED)
                                        << std::hex << fid;
                                    EXPECT_EQ(r.action, PSCI_ACTION_RETURN);
                                    EXPECT_EQ(s.hook_calls(), before) << std::hex << fid;
                                }
                            }
                        }
                    }
        }
    }
    EXPECT_GT(instances, 2000u);
}

// With everything present, each supported ID reaches its handler: the call is answered
// by the function (its own result, never NOT_SUPPORTED) on a fresh instance.
TEST(PsciMetadata, EverySupportedIdIsDispatchedToItsHandler)
{
    for (uint32_t v : kVersions)
        for (const psci_function_info *f : rows())
            for (int w = 0; w < (f->name64 ? 2 : 1); w++) {
                Inst s(v, {}, v >= PSCI_VERSION_1_0, true, true);
                ASSERT_NE(s.p, nullptr) << s.err;
                const uint32_t fid = w ? PSCI_FID64(f->number) : PSCI_FID32(f->number);
                if (!expected_supported(f, s)) {
                    EXPECT_LT(v, f->since) << f->name;
                    continue;
                }
                // PSCI_FEATURES is asked about PSCI_VERSION; the others get an argument
                // that is valid or invalid, never a reason for NOT_SUPPORTED.
                const uint64_t arg = f->number == PSCI_FN_PSCI_FEATURES
                                         ? uint64_t{PSCI_0_2_FN_PSCI_VERSION}
                                         : uint64_t{1};
                psci_result r = s.call(fid, arg);
                EXPECT_NE(static_cast<int64_t>(r.x[0]), PSCI_RET_NOT_SUPPORTED)
                    << std::hex << "version 0x" << v << " " << psci_function_name(fid);
                EXPECT_EQ(r.function_id, fid);
            }
}

} // namespace
