// State coordination matrices (DEN 0022 4.2.3 platform-coordinated, 4.2.4 OS-initiated)
// on 1x1, 2x4 and 4x4 topologies: explicit "everyone asks for level L" matrices and long
// seeded random walks of suspend / wake / CPU_OFF / CPU_ON checked against a small
// reference model written from the spec rules (not from the library code).
#include <algorithm>
#include <array>
#include <string>

#include "psci_test_util.h"

namespace
{

using States = std::array<psci_local_state_t, 3>;

enum class Ref { Off, On, Suspended, OnPending };

struct Model {
    std::vector<unsigned> cpc, cluster;
    std::vector<Ref> core;
    std::vector<States> req;
    std::vector<psci_local_state_t> core_ls, cl_ls;
    psci_local_state_t sys = R;

    explicit Model(const std::vector<unsigned> &c) : cpc(c)
    {
        for (unsigned i = 0; i < c.size(); i++)
            for (unsigned k = 0; k < c[i]; k++)
                cluster.push_back(i);
        core.assign(cluster.size(), Ref::Off);
        req.assign(cluster.size(), States{O, O, O});
        core_ls.assign(cluster.size(), O);
        cl_ls.assign(c.size(), O);
        core[0] = Ref::On;
        req[0] = {R, R, R};
        core_ls[0] = R;
        cl_ls[0] = R;
    }
    unsigned n() const { return static_cast<unsigned>(cluster.size()); }
    // DEN 0022 4.2.3: a node goes to the deepest state all cores below it accept.
    States coordinate(unsigned c, const States &r) const
    {
        States t{r[0], r[1], r[2]};
        for (unsigned o = 0; o < n(); o++)
            if (o != c && cluster[o] == cluster[c]) t[1] = std::min(t[1], req[o][1]);
        if (t[1] == R) {
            t[2] = R;
            return t;
        }
        for (unsigned o = 0; o < n(); o++)
            if (o != c) t[2] = std::min(t[2], req[o][2]);
        return t;
    }
    void apply(unsigned c, const States &t)
    {
        core_ls[c] = t[0];
        cl_ls[cluster[c]] = t[1];
        sys = t[2];
    }
    void to_run(unsigned c)
    {
        core_ls[c] = R;
        cl_ls[cluster[c]] = R;
        sys = R;
        req[c] = {R, R, R};
        core[c] = Ref::On;
    }
    // DEN 0022 4.2.4 / 5.4.2 OSI rules (same precedence the library documents: levels
    // bottom-up; within a level a running child -> DENIED beats an incompatible one).
    int32_t osi_check(unsigned c, const States &s, unsigned target, unsigned last_at) const
    {
        if (last_at > 2 || last_at < target) return PSCI_RET_INVALID_PARAMETERS;
        for (unsigned l = 1; l <= last_at; l++) {
            int32_t rc = PSCI_RET_SUCCESS;
            const psci_local_state_t wanted = l <= target ? s[l] : T;
            if (l == 1) {
                for (unsigned o = 0; o < n(); o++) {
                    if (o == c || cluster[o] != cluster[c]) continue;
                    if (core_ls[o] == R || core[o] == Ref::OnPending) return PSCI_RET_DENIED;
                    if (core_ls[o] < wanted) rc = PSCI_RET_INVALID_PARAMETERS;
                }
            } else {
                for (unsigned k = 0; k < cpc.size(); k++) {
                    if (k == cluster[c]) continue;
                    bool pending = false;
                    for (unsigned o = 0; o < n(); o++)
                        pending |= cluster[o] == k && core[o] == Ref::OnPending;
                    if (cl_ls[k] == R || pending) return PSCI_RET_DENIED;
                    if (cl_ls[k] < wanted) rc = PSCI_RET_INVALID_PARAMETERS;
                }
            }
            if (rc != PSCI_RET_SUCCESS) return rc;
        }
        return PSCI_RET_SUCCESS;
    }
};

void expect_same(const Sim &s, const Model &m, const std::string &where)
{
    for (unsigned c = 0; c < m.n(); c++) {
        ASSERT_EQ(s.st(c, 0), m.core_ls[c]) << where << " core " << c;
        ASSERT_EQ(s.st(c, 1), m.cl_ls[m.cluster[c]]) << where << " cluster of core " << c;
        ASSERT_EQ(s.st(c, 2), m.sys) << where;
    }
}

const std::vector<std::vector<unsigned>> kTopologies = {{1}, {4, 4}, {4, 4, 4, 4}};

std::string topo_name(const std::vector<unsigned> &t)
{
    return std::to_string(t.size()) + "x" + std::to_string(t[0]);
}

// The valid composites of the default (FVP-like) table, plus cluster/system retention ones.
const States kFvp[] = {{T, R, R}, {O, R, R}, {O, O, R}, {O, O, O}};
const States kWithRet[] = {{T, R, R}, {O, R, R}, {O, O, R}, {O, O, O}, {T, T, R},
                           {O, T, R}, {T, T, T}, {O, T, T}, {O, O, T}};

void enable_retention(psci_config &c)
{
    c.level_states[1] = PSCI_STATE_BIT(PSCI_LOCAL_RET) | PSCI_STATE_BIT(PSCI_LOCAL_OFF);
    c.level_states[2] = PSCI_STATE_BIT(PSCI_LOCAL_RET) | PSCI_STATE_BIT(PSCI_LOCAL_OFF);
}

unsigned top_level(const States &s)
{
    return s[2] != R ? 2 : s[1] != R ? 1 : 0;
}

TEST(PsciCoordinationPC, EveryCoreAsksTheSameLevel)
{
    for (const auto &topo : kTopologies)
        for (const States &st : kFvp) {
            Sim s(topo);
            Model m(topo);
            s.all_on();
            for (unsigned c = 1; c < m.n(); c++)
                m.to_run(c);
            // Secondaries first, boot core last (as TFTF's suspend tests do).
            for (unsigned i = 1; i <= m.n(); i++) {
                const unsigned c = i % m.n();
                psci_result r = s.suspend(c, s.pstate(st[0], st[1], st[2]));
                ASSERT_NE(r.action, PSCI_ACTION_RETURN) << topo_name(topo);
                const States t = m.coordinate(c, st);
                EXPECT_EQ(r.target[0], t[0]);
                EXPECT_EQ(r.target[1], t[1]);
                EXPECT_EQ(r.target[2], t[2]);
                m.req[c] = st;
                m.core[c] = Ref::Suspended;
                m.apply(c, t);
                expect_same(s, m, topo_name(topo) + " after suspend of core " + std::to_string(c));
            }
            // Everyone asked for st: the whole tree is now in st.
            EXPECT_EQ(s.st(0, 1), st[1]) << topo_name(topo);
            EXPECT_EQ(s.st(0, 2), st[2]) << topo_name(topo);
            for (unsigned c = 0; c < m.n(); c++) {
                psci_resume w = s.wake(c);
                EXPECT_EQ(w.from[0], m.core_ls[c]);
                EXPECT_EQ(w.from[1], m.cl_ls[m.cluster[c]]);
                EXPECT_EQ(w.from[2], m.sys);
                m.to_run(c);
                expect_same(s, m, "after wake");
            }
        }
}

TEST(PsciCoordinationPC, OneCoreStayingUpKeepsItsClusterAndSystemUp)
{
    for (const auto &topo : kTopologies) {
        if (topo.size() < 2) continue;
        Sim s(topo);
        s.all_on();
        const unsigned keeper = s.cores() - 1; // last core of the last cluster
        for (unsigned c = 0; c < keeper; c++)
            s.suspend(c, s.pstate(O, O, O));
        EXPECT_EQ(s.st(0, 1), O);      // cluster 0 fully down
        EXPECT_EQ(s.st(keeper, 1), R); // keeper's cluster up
        EXPECT_EQ(s.st(0, 2), R);      // system up
        psci_result r = s.call(keeper, PSCI_0_2_FN_CPU_OFF);
        EXPECT_EQ(r.target[1], O);
        EXPECT_EQ(r.target[2], O);
    }
}

void random_walk(const std::vector<unsigned> &topo, bool retention, bool osi, uint32_t seed,
                 unsigned steps)
{
    SCOPED_TRACE(topo_name(topo) + (osi ? " OSI" : " PC") + (retention ? " +ret" : "") + " seed " +
                 std::to_string(seed));
    Sim s(topo, PSCI_VERSION_1_1, kDefaultHooks, [&](psci_config &c) {
        c.osi_supported = true;
        c.power_state_format = PSCI_PSTATE_EXTENDED;
        if (retention) enable_retention(c);
    });
    ASSERT_NE(s.p, nullptr) << s.err;
    Model m(topo);
    if (osi) {
        ASSERT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_OSI), PSCI_RET_SUCCESS);
    }
    uint64_t x = seed * 2654435761u + 1;
    auto rnd = [&](unsigned n) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<unsigned>((x >> 33) % n);
    };
    const States *table = retention ? kWithRet : kFvp;
    const unsigned table_n = retention ? 9 : 4;
    unsigned suspends = 0, deep = 0, denied = 0, invalid = 0;
    for (unsigned step = 0; step < steps; step++) {
        const unsigned c = rnd(m.n());
        const std::string where = "step " + std::to_string(step) + " core " + std::to_string(c);
        switch (m.core[c]) {
        case Ref::On: {
            if (rnd(8) == 0) { // CPU_OFF: always platform-coordinated
                psci_result r = s.call(c, PSCI_0_2_FN_CPU_OFF);
                ASSERT_EQ(r.action, PSCI_ACTION_CPU_OFF) << where;
                const States t = m.coordinate(c, {O, O, O});
                ASSERT_EQ(r.target[1], t[1]) << where;
                ASSERT_EQ(r.target[2], t[2]) << where;
                m.req[c] = {O, O, O};
                m.core[c] = Ref::Off;
                m.apply(c, t);
                ASSERT_EQ(psci_event_power_down_done(s.p, c), PSCI_OK);
                break;
            }
            States st = table[rnd(table_n)];
            unsigned last_at = 0;
            if (osi) {
                // Half of the time act like an OS that tracks idleness: claim the deepest
                // level at which this core is really the last one up, and ask for it.
                unsigned last = 2;
                for (unsigned o = 0; o < m.n(); o++) {
                    const bool up = o != c && (m.core_ls[o] == R || m.core[o] == Ref::OnPending);
                    if (up) last = std::min(last, m.cluster[o] == m.cluster[c] ? 0u : 1u);
                }
                if (rnd(2) == 0) {
                    for (unsigned tries = 0; tries < 16 && top_level(st) != last; tries++)
                        st = table[rnd(table_n)];
                    last_at = last;
                } else {
                    last_at = rnd(4) == 0 ? rnd(4) : top_level(st) + rnd(3 - top_level(st));
                }
            }
            const unsigned target = top_level(st);
            psci_result r = s.suspend(c, s.pstate(st[0], st[1], st[2], last_at), kEntry, c);
            int32_t want = PSCI_RET_SUCCESS;
            States t{};
            if (osi) {
                want = m.osi_check(c, st, target, last_at);
                t = st;
            } else {
                t = m.coordinate(c, st);
            }
            ASSERT_EQ(static_cast<int32_t>(r.x[0]), want) << where;
            if (want != PSCI_RET_SUCCESS) {
                ASSERT_EQ(r.action, PSCI_ACTION_RETURN) << where;
                denied += want == PSCI_RET_DENIED;
                invalid += want == PSCI_RET_INVALID_PARAMETERS;
                break;
            }
            ASSERT_NE(r.action, PSCI_ACTION_RETURN) << where;
            for (unsigned l = 0; l < 3; l++)
                ASSERT_EQ(r.target[l], t[l]) << where << " level " << l;
            m.req[c] = st;
            m.core[c] = Ref::Suspended;
            m.apply(c, t);
            suspends++;
            deep += target >= 1;
            break;
        }
        case Ref::Suspended: {
            if (rnd(3) != 0) break; // sleepers stay asleep a while, so domains get to power down
            psci_resume w = s.wake(c);
            ASSERT_EQ(w.from[0], m.core_ls[c]) << where;
            ASSERT_EQ(w.from[1], m.cl_ls[m.cluster[c]]) << where;
            ASSERT_EQ(w.from[2], m.sys) << where;
            m.to_run(c);
            break;
        }
        case Ref::Off: {
            unsigned caller = m.n();
            for (unsigned o = 0; o < m.n(); o++)
                if (m.core[o] == Ref::On) caller = o;
            if (caller == m.n()) break;
            ASSERT_EQ(s.ret(caller, PSCI_0_2_FN64_CPU_ON, s.mpidr(c), kEntry, c), PSCI_RET_SUCCESS)
                << where;
            m.core[c] = Ref::OnPending;
            m.req[c] = {R, R, R};
            break;
        }
        case Ref::OnPending:
            s.up_done(c);
            m.to_run(c);
            break;
        }
        expect_same(s, m, where);
        if (::testing::Test::HasFatalFailure()) return;
        // Nobody left to act: wake a sleeper, or start over from a system reset.
        bool anyone = false;
        for (unsigned o = 0; o < m.n(); o++)
            anyone |= m.core[o] != Ref::Off;
        if (!anyone) {
            ASSERT_EQ(psci_event_system_reset(s.p), PSCI_OK);
            m = Model(topo);
            if (osi) {
                ASSERT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_OSI), PSCI_RET_SUCCESS);
            }
        }
    }
    // Every walk exercises suspends, including cluster/system-level ones that succeed.
    EXPECT_GT(suspends, steps / 30);
    EXPECT_GT(deep, 5u);
    if (osi && m.n() > 1) {
        EXPECT_GT(denied, 0u);
        EXPECT_GT(invalid, 0u);
    }
}

TEST(PsciCoordinationPC, RandomWalks)
{
    for (const auto &topo : kTopologies)
        for (bool ret : {false, true})
            for (uint32_t seed = 1; seed <= 4; seed++)
                random_walk(topo, ret, false, seed, 1500);
}

TEST(PsciCoordinationOSI, RandomWalks)
{
    for (const auto &topo : kTopologies)
        for (bool ret : {false, true})
            for (uint32_t seed = 1; seed <= 4; seed++)
                random_walk(topo, ret, true, seed, 1500);
}

TEST(PsciCoordinationOSI, LastManSequencePerTopology)
{
    for (const auto &topo : kTopologies) {
        Sim s(topo, PSCI_VERSION_1_1, kDefaultHooks, [](psci_config &c) {
            c.osi_supported = true;
            c.power_state_format = PSCI_PSTATE_EXTENDED;
        });
        ASSERT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_OSI), PSCI_RET_SUCCESS);
        s.all_on();
        // Every non-boot cluster: cores go core-off, the last one asks for cluster off.
        unsigned core = topo[0];
        for (unsigned k = 1; k < topo.size(); k++)
            for (unsigned i = 0; i < topo[k]; i++, core++) {
                const bool last = i + 1 == topo[k];
                psci_result r = s.suspend(core, last ? s.pstate(O, O, R, 1) : s.pstate(O));
                ASSERT_EQ(static_cast<int64_t>(r.x[0]), PSCI_RET_SUCCESS) << core;
                EXPECT_EQ(s.st(core, 1), last ? O : R);
            }
        // Boot cluster: secondaries core-off, the boot core asks for system off last.
        for (unsigned c = 1; c < topo[0]; c++)
            ASSERT_EQ(s.suspend(c, s.pstate(O)).action, PSCI_ACTION_SUSPEND_POWERDOWN);
        psci_result r = s.suspend(0, s.pstate(O, O, O, 2));
        ASSERT_EQ(static_cast<int64_t>(r.x[0]), PSCI_RET_SUCCESS) << topo_name(topo);
        EXPECT_EQ(s.st(0, 2), O);
        EXPECT_EQ(s.st(0, 1), O);
        for (unsigned c = 0; c < s.cores(); c++)
            s.wake(c);
        // Back to PC needs every other core OFF.
        EXPECT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_PC),
                  s.cores() > 1 ? PSCI_RET_DENIED : PSCI_RET_SUCCESS);
        for (unsigned c = 1; c < s.cores(); c++)
            s.off(c);
        EXPECT_EQ(s.ret(0, PSCI_1_0_FN_SET_SUSPEND_MODE, PSCI_MODE_PC), PSCI_RET_SUCCESS);
    }
}

} // namespace
