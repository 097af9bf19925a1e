// GoogleTest + SystemC harness for pscisim's model and system tests.
//
// SystemC elaborates and simulates once per process, so every test that builds
// models runs in a forked child (run_sim): the child elaborates, simulates and
// checks, and exits non-zero if any check failed; the parent turns a crash,
// a SystemC error or a failed check into a test failure. SystemC errors are
// thrown as exceptions, caught in the child and reported with their message.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <systemc>

namespace pscisim::test
{

inline void run_sim(const std::function<void()> &body)
{
    std::fflush(stdout);
    std::fflush(stderr);
    pid_t pid = fork();
    ASSERT_GE(pid, 0) << "fork failed";
    if (pid == 0) {
        int status = 0;
        try {
            sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_THROW);
            sc_core::sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_THROW);
            body();
            status = ::testing::Test::HasFailure() ? 1 : 0;
        } catch (const sc_core::sc_report &r) {
            std::fprintf(stderr, "SystemC error: %s\n", r.what());
            status = 2;
        } catch (const std::exception &e) {
            std::fprintf(stderr, "exception: %s\n", e.what());
            status = 3;
        }
        std::fflush(stdout);
        std::fflush(stderr);
        _exit(status);
    }
    int st = 0;
    ASSERT_EQ(waitpid(pid, &st, 0), pid);
    ASSERT_TRUE(WIFEXITED(st)) << "simulation child crashed (signal " << WTERMSIG(st) << ")";
    EXPECT_EQ(WEXITSTATUS(st), 0) << "checks failed inside the simulation child (see above)";
}

inline sc_core::sc_time us(double v)
{
    return sc_core::sc_time(v, sc_core::SC_US);
}
inline sc_core::sc_time ns(double v)
{
    return sc_core::sc_time(v, sc_core::SC_NS);
}
inline sc_core::sc_time ps(uint64_t v)
{
    return sc_core::sc_time::from_value(v);
}

} // namespace pscisim::test

// Each test binary's entry point: SystemC's main() calls sc_main. The banner is
// switched off before main() runs (SystemC prints it from its own main()).
#define PSCISIM_SC_TEST_MAIN()                                                                     \
    static const int pscisim_no_banner = ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);    \
    int sc_main(int argc, char **argv)                                                             \
    {                                                                                              \
        (void)pscisim_no_banner;                                                                   \
        ::testing::InitGoogleTest(&argc, argv);                                                    \
        return RUN_ALL_TESTS();                                                                    \
    }
