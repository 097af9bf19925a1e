// Runs the pscisim executable for the end-to-end tests (test_sim_run.cpp,
// test_linux_boot.cpp) through the shell and collects its exit status and output.
// PSCISIM_BIN, the executable's path, comes from the test's CMake target.
#pragma once

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

#include <gtest/gtest.h>

#ifndef PSCISIM_BIN
#error "PSCISIM_BIN (the path of the pscisim executable) is not defined"
#endif

namespace pscisim::test
{

struct run_result {
    int status = -1; // the exit status; -1: not started, or ended by a signal
    std::string out; // what the command wrote to its stdout
};

// Runs `cmd` with /bin/sh.
inline run_result run_command(const std::string &cmd)
{
    run_result r;
    FILE *p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
        r.out.append(buf.data(), n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

// Runs pscisim with `args`; out has its stdout and stderr.
inline run_result run_pscisim(const std::string &args)
{
    return run_command(std::string(PSCISIM_BIN) + " " + args + " 2>&1");
}

// Bad user input: pscisim exits with status 2 and writes one line, which names the
// problem (contains `what`).
inline void expect_usage_error(const std::string &args, const std::string &what)
{
    SCOPED_TRACE("pscisim " + args);
    run_result r = run_pscisim(args);
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find(what), std::string::npos) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

} // namespace pscisim::test
