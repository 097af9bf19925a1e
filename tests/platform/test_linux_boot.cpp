// pscisim --kernel/--initrd/--append/--dtb end to end with a synthetic arm64 Image
// whose code checks the boot protocol (x0 = the DTB, x1..x3 = 0) and powers off:
// exit 0 means the protocol held, exit 4 (SYSTEM_RESET, --reset-exits) that it did
// not. Also the DTB as written by --dtb-out, the EL1 boot, and the bad inputs.
#include "arm64_image_synth.hpp"
#include "run_pscisim.hpp"

#include <gtest/gtest.h>

extern "C" {
#include <libfdt.h>
}

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>

using namespace pscisim::test;

namespace
{

// Every run: no banner, a SYSTEM_RESET ends it (exit 4), at most 1 ms of simulated time.
const std::string run_options = "-q --reset-exits --max-time 1ms ";

run_result run(const std::string &args)
{
    return run_pscisim(run_options + args);
}

std::string tmp(const std::string &name, const std::vector<uint8_t> &data)
{
    std::string path = std::string(PSCISIM_TEST_TMP) + "/linux_boot_" + name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char *>(data.data()),
               static_cast<std::streamsize>(data.size()));
    return path;
}

std::vector<uint8_t> slurp(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)),
                                std::istreambuf_iterator<char>());
}

const std::string image = tmp("Image", make_arm64_image(boot_protocol_check_code(), 0, 0x200000));

} // namespace

TEST(LinuxBoot, ImageGetsTheBootProtocolAtEl2AndEl1)
{
    run_result r = run("--kernel " + image);
    EXPECT_EQ(r.status, 0) << r.out;
    r = run("--boot-el 1 --kernel " + image);
    EXPECT_EQ(r.status, 0) << r.out;
    // The same Image as the positional guest, and gzip-compressed.
    EXPECT_EQ(run(image).status, 0);
    std::string gz = tmp("vmlinuz", gzip_bytes(slurp(image)));
    EXPECT_EQ(run("--kernel " + gz).status, 0);
}

TEST(LinuxBoot, InitrdAndAppendReachChosen)
{
    std::string rd = tmp("initrd", std::vector<uint8_t>(5000, 0xa5));
    std::string out = std::string(PSCISIM_TEST_TMP) + "/linux_boot_out.dtb";
    run_result r = run("--kernel " + image + " --initrd " + rd +
                       " --append 'console=ttyAMA0 quiet' --dtb-out " + out);
    ASSERT_EQ(r.status, 0) << r.out;
    auto b = slurp(out);
    ASSERT_EQ(fdt_check_header(b.data()), 0);
    int chosen = fdt_path_offset(b.data(), "/chosen");
    EXPECT_STREQ(static_cast<const char *>(fdt_getprop(b.data(), chosen, "bootargs", nullptr)),
                 "console=ttyAMA0 quiet");
    const void *s = fdt_getprop(b.data(), chosen, "linux,initrd-start", nullptr);
    const void *e = fdt_getprop(b.data(), chosen, "linux,initrd-end", nullptr);
    ASSERT_TRUE(s && e);
    uint64_t start = fdt64_ld(static_cast<const fdt64_t *>(s));
    uint64_t end = fdt64_ld(static_cast<const fdt64_t *>(e));
    EXPECT_EQ(start, 0x40200000u); // first 2 MiB boundary after the 2 MiB image
    EXPECT_EQ(end - start, 5000u);

    // That blob given back with --dtb: patched again, the guest still boots.
    r = run("--kernel " + image + " --dtb " + out + " --append x");
    EXPECT_EQ(r.status, 0) << r.out;
}

// The PL031 on the machine's bus at 0x09010000: its counter is --rtc-epoch at time 0
// (not the host's clock). The guest powers off when RTCDR reads 123456789, else resets.
TEST(LinuxBoot, RtcCounterStartsAtTheConfiguredEpoch)
{
    std::string rtc = tmp(
        "Image-rtc", make_arm64_image({0xd2a12027, 0xb94000e8, 0x5299a2a9, 0x72a0eb69, 0x6b09011f,
                                       0x540000a1, 0x52800100, 0x72b08000, 0xd4000003, 0x14000000,
                                       0x52800120, 0x72b08000, 0xd4000003, 0x14000000},
                                      0, 0x10000));
    EXPECT_EQ(run("--rtc-epoch 123456789 --kernel " + rtc).status, 0);
    EXPECT_EQ(run("--rtc-epoch 123456788 --kernel " + rtc).status, 4);
    EXPECT_EQ(run("--kernel " + rtc).status, 4); // default epoch 2026-01-01
}

// A guest that enables the PL011's receiver, echoes every character it receives and
// powers off after 'q': --uart-input from a file, and '-' from a pipe (not a terminal;
// its EOF ends the input), reach it through the console UART.
namespace
{
const std::string echo_image =
    tmp("Image-echo", make_arm64_image({0xd2a12007, 0x52806021, 0xb90030e1, 0xb94018e2, 0x3727ffe2,
                                        0xb94000e3, 0x12001c63, 0xb90000e3, 0x7101c47f, 0x54ffff41,
                                        0x52800100, 0x72b08000, 0xd4000003, 0x14000000},
                                       0, 0x10000));
}

TEST(LinuxBoot, UartInputReachesTheGuestFromAFileAndAPipe)
{
    std::string in = tmp("uart-in", {'h', 'e', 'l', 'l', 'o', 'q', 'z'});
    run_result r = run("--uart-input " + in + " --kernel " + echo_image);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out, "helloq");
    // Deterministic: the same again, byte for byte.
    EXPECT_EQ(run("--uart-input " + in + " --kernel " + echo_image).out, r.out);
    // stdin through a pipe.
    run_result piped = run_command("printf 'abq' | " + std::string(PSCISIM_BIN) +
                                   " -q --max-time 10ms --uart-input - --kernel " + echo_image);
    EXPECT_EQ(piped.status, 0) << piped.out;
    EXPECT_EQ(piped.out, "abq");
    // A pipe that ends before the 'q': EOF, the guest waits until --max-time (exit 3).
    std::string cmd = "printf 'ab' | " + std::string(PSCISIM_BIN) +
                      " -q --max-time 2ms --uart-input - --kernel " + echo_image +
                      " >/dev/null 2>&1";
    int st = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 3);
}

TEST(LinuxBoot, BadInputsAreOneErrorExit2)
{
    auto one_error = [](const std::string &args, const std::string &what) {
        expect_usage_error(run_options + args, what);
    };
    one_error("--conduit hvc --kernel " + image, "--conduit hvc needs --boot-el 1");
    // Accepted at EL1; the guest's SMC is then UNDEFINED (no EL3): a guest fatal error.
    EXPECT_EQ(run("--conduit hvc --boot-el 1 --kernel " + image).status, 1);
    one_error("--kernel " + image + " " + image, "both given");
    one_error("--kernel " + tmp("junk", {1, 2, 3, 4, 5}),
              "not an ELF, an arm64 Image or a gzip-compressed arm64 Image");
    one_error("--kernel " + image + " --initrd /nonexistent/rd", "cannot open initrd");
    one_error("--kernel " + image + " --dtb " + tmp("junk.dtb", std::vector<uint8_t>(64, 0)),
              "not a flattened device tree blob");
    one_error("--uart-input /nonexistent/in --kernel " + image,
              "/nonexistent/in: cannot open --uart-input file");
    one_error("--rtc-epoch -1 --kernel " + image, "--rtc-epoch: invalid value '-1'");
    one_error("--rtc-epoch 4294967296 --kernel " + image, "--rtc-epoch: invalid value");
    std::string big =
        tmp("Image-big", make_arm64_image(boot_protocol_check_code(), 0, 64ull << 20));
    one_error("-m 32M --kernel " + big, "does not fit in RAM");
    one_error("-m 64M --kernel " + big + " --initrd " + image,
              "does not fit in RAM after the kernel");
}
