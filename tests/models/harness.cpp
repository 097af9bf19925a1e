// main() for the model tests: one process per TEST (see harness.h).
#include "harness.h"

#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace pscisim::test
{

int expected_sc_errors = 0;
std::string last_sc_error;

void run_until(const sc_core::sc_time &t)
{
    sc_core::sc_time now = sc_core::sc_time_stamp();
    ASSERT_GE(t, now) << "run_until into the past";
    sc_core::sc_start(t - now);
    // sc_start(d) stops when time reaches t, before the processes due at t run:
    // run them too, so "at t" means "everything scheduled for t has happened".
    while (sc_core::sc_pending_activity_at_current_time())
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    ASSERT_EQ(sc_core::sc_time_stamp(), t);
}

namespace
{

void report_handler(const sc_core::sc_report &rep, const sc_core::sc_actions &actions)
{
    using namespace sc_core;
    if (rep.get_severity() >= SC_ERROR) {
        std::string msg = std::string(rep.get_msg_type()) + ": " + rep.get_msg();
        if (expected_sc_errors > 0) {
            expected_sc_errors--;
            last_sc_error = msg;
        } else {
            ADD_FAILURE() << "SystemC " << (rep.get_severity() == SC_FATAL ? "fatal" : "error")
                          << " report: " << msg;
        }
        throw rep;
    }
    // Warnings and infos: keep SystemC's default display (no throw, no abort).
    sc_report_handler::default_handler(rep, actions & ~(SC_THROW | SC_ABORT | SC_STOP));
}

// gtest filter syntax: POSITIVE[-NEGATIVE], each a ':'-separated list of globs.
bool glob(const char *p, const char *s)
{
    if (!*p) return !*s;
    if (*p == '*') return glob(p + 1, s) || (*s && glob(p, s + 1));
    if (*s && (*p == '?' || *p == *s)) return glob(p + 1, s + 1);
    return false;
}
bool any_glob(const std::string &list, const std::string &name)
{
    size_t pos = 0;
    while (true) {
        size_t e = list.find(':', pos);
        std::string pat = list.substr(pos, e == std::string::npos ? std::string::npos : e - pos);
        if (!pat.empty() && glob(pat.c_str(), name.c_str())) return true;
        if (e == std::string::npos) return false;
        pos = e + 1;
    }
}
} // namespace

bool filter_matches(const std::string &filter, const std::string &name)
{
    size_t dash = filter.find('-');
    std::string pos = filter.substr(0, dash),
                neg = dash == std::string::npos ? "" : filter.substr(dash + 1);
    if (pos.empty()) pos = "*";
    return any_glob(pos, name) && !any_glob(neg, name);
}

} // namespace pscisim::test

// SystemC's own main() (in libsystemc) calls this.
int sc_main(int argc, char **argv)
{
    testing::InitGoogleTest(&argc, argv);
    sc_core::sc_report_handler::set_handler(pscisim::test::report_handler);
    if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();

    std::string filter = GTEST_FLAG_GET(filter);
    std::vector<std::string> selected;
    const testing::UnitTest *ut = testing::UnitTest::GetInstance();
    for (int i = 0; i < ut->total_test_suite_count(); i++) {
        const testing::TestSuite *ts = ut->GetTestSuite(i);
        for (int j = 0; j < ts->total_test_count(); j++) {
            std::string name = std::string(ts->name()) + "." + ts->GetTestInfo(j)->name();
            if (name.find("DISABLED_") == std::string::npos &&
                pscisim::test::filter_matches(filter, name))
                selected.push_back(name);
        }
    }
    if (selected.size() <= 1) return RUN_ALL_TESTS();

    // Several tests: one child process each, so each elaborates its own model tree.
    std::vector<std::string> failed;
    for (const std::string &name : selected) {
        std::fflush(nullptr);
        pid_t pid = fork();
        if (pid < 0) {
            std::perror("fork");
            return 1;
        }
        if (pid == 0) {
            GTEST_FLAG_SET(filter, name);
            std::_Exit(RUN_ALL_TESTS());
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed.push_back(name);
    }
    std::printf("[ harness  ] %zu tests in %zu processes, %zu failed\n", selected.size(),
                selected.size(), failed.size());
    for (const std::string &f : failed)
        std::printf("[ FAILED   ] %s\n", f.c_str());
    return failed.empty() ? 0 : 1;
}
