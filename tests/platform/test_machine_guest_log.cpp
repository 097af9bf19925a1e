// The guest-error log end to end (pscisim --log guest-errors [--log-file FILE]):
// one line per guest mistake with simulated time, core and PC, from the device
// that saw it; nothing without the option; the guest's own output and exit status
// unchanged by it. And the fatal exception-loop stop names the first exception.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace
{

struct result {
    int status = -1;
    std::string out, err;
};

std::string slurp(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

result run(const std::string &args, const std::string &tag)
{
    std::string out = std::string(PSCISIM_TEST_TMP) + "/glog-" + tag + ".out";
    std::string err = std::string(PSCISIM_TEST_TMP) + "/glog-" + tag + ".err";
    std::string cmd = std::string(PSCISIM_BIN) + " " + args + " >" + out + " 2>" + err;
    int st = std::system(cmd.c_str());
    result r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

std::string guest(const std::string &name)
{
    return std::string(PSCISIM_GUEST_DIR) + "/" + name + ".elf";
}

size_t count(const std::string &s, const std::string &what)
{
    size_t n = 0;
    for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1))
        ++n;
    return n;
}

} // namespace

TEST(GuestErrorLog, EachMistakeIsOneLineFromTheDeviceThatSawIt)
{
    result r = run("-q --log guest-errors " + guest("guest_errors"), "on");
    EXPECT_EQ(r.status, 1) << r.err; // the unmapped load ends in a fatal exception loop
    EXPECT_EQ(count(r.err, "guest-error: "), 3u) << r.err;
    // MMIO: the core and the time of the access (the ISS does not expose the PC of
    // an access in flight).
    EXPECT_NE(r.err.find(": core 0: uart0: write to read-only register UARTFR (ignored)\n"),
              std::string::npos)
        << r.err;
    // PSCI: core, PC of the SMC, the call and its result.
    EXPECT_NE(r.err.find(": core 0 PC 0x40080028: psci: CPU_ON64(0xdeadbeef, 0x40080000, 0x0) "
                         "returned INVALID_PARAMETERS\n"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(": core 0: bus: 4-byte read of unmapped address 0xa000000\n"),
              std::string::npos)
        << r.err;
    // Lines carry simulated time and come in time order.
    EXPECT_EQ(r.err.find("guest-error: "), 0u);
    // The fatal stop names the loop and the load that started it.
    EXPECT_NE(r.err.find("exception loop"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("first exception: ELR=0x40080034 "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" FAR=0xa000000"), std::string::npos) << r.err;
}

// The fvp machine's power controller with the built-in PSCI model: a PPONR write
// is ignored (the PSCI model owns the domains) and logged.
TEST(GuestErrorLog, FvpPponrUnderTheBuiltInPsciModel)
{
    result r = run("-q -t 1x2 --machine fvp --log guest-errors " + guest("fvp_pponr_emulated"),
                   "fvp-pponr");
    EXPECT_EQ(r.status, 0) << r.err; // core 1 stayed off
    EXPECT_EQ(count(r.err, "guest-error: "), 1u) << r.err;
    EXPECT_NE(r.err.find(": core 0: pwrc: PPONR for core 1 ignored: the built-in PSCI model owns "
                         "the power domains (CPU_ON powers cores on)\n"),
              std::string::npos)
        << r.err;
}

TEST(GuestErrorLog, OffByDefaultAndTheRunIsTheSame)
{
    result on = run("-q --log guest-errors " + guest("psci_garbage"), "psci-on");
    result off = run("-q " + guest("psci_garbage"), "psci-off");
    EXPECT_EQ(count(on.err, "guest-error: "), 3u) << on.err;
    EXPECT_EQ(count(on.err, "returned INVALID_"), 3u) << on.err;
    EXPECT_EQ(off.err.find("guest-error"), std::string::npos) << off.err;
    EXPECT_EQ(on.status, off.status);
    EXPECT_EQ(on.out, off.out);
}

TEST(GuestErrorLog, LogFileTakesTheLines)
{
    std::string file = std::string(PSCISIM_TEST_TMP) + "/glog-file.txt";
    std::remove(file.c_str());
    result r =
        run("-q --log guest-errors --log-file " + file + " " + guest("psci_garbage"), "file");
    EXPECT_EQ(r.err.find("guest-error"), std::string::npos) << r.err;
    EXPECT_EQ(count(slurp(file), "guest-error: "), 3u);
}

TEST(GuestErrorLog, UnknownLogIsAUsageError)
{
    result r = run("-q --log everything " + guest("psci_garbage"), "bad");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "pscisim: error: --log: unknown log 'everything' (expected guest-errors)\n");
}
