# Every external dependency of the host build, looked up once for the whole tree
# (included by the top-level CMakeLists.txt; folders only link the targets and use the
# variables below). Debian packages: scripts/setup.sh.
#
#   GTest::gtest, GTest::gtest_main   GoogleTest
#   Threads::Threads                  host threads (the ISS)
#   PkgConfig::SYSTEMC                SystemC 2.3 with TLM-2.0, every SystemC model
#   PkgConfig::LIBELF                 libelf (ELF loader)
#   LIBFDT_LIBRARY, LIBFDT_INCLUDE_DIR  libfdt (device tree)
#   Boost::program_options            command line
#   nlohmann_json::nlohmann_json      configuration files and reports
#   Python3_EXECUTABLE                system-test runners
#   PSCISIM_AARCH64_GCC               AArch64 cross compiler: sw/ and the test guests
#   PSCISIM_DTC                       dtc, to check generated device trees
find_package(PkgConfig REQUIRED)
find_package(GTest REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.70 REQUIRED COMPONENTS program_options)
find_package(nlohmann_json 3 REQUIRED)
find_package(Python3 REQUIRED COMPONENTS Interpreter)

# Debian's SystemC 2.3.4 is built for C++17 (sc_api_version_..._cxx201703L); the
# top-level CMAKE_CXX_STANDARD matches it. GLOBAL: the target is used in every folder.
pkg_check_modules(SYSTEMC REQUIRED IMPORTED_TARGET GLOBAL systemc)
pkg_check_modules(LIBELF REQUIRED IMPORTED_TARGET GLOBAL libelf)
find_library(LIBFDT_LIBRARY NAMES fdt REQUIRED)
find_package(ZLIB REQUIRED) # gzip-compressed arm64 Images (platform/loader)
find_path(LIBFDT_INCLUDE_DIR libfdt.h REQUIRED)

# Required even with PSCISIM_BUILD_SW=OFF: the loader, simulator and benchmark tests
# assemble their own small guests, and no test is dropped for want of it.
find_program(PSCISIM_AARCH64_GCC aarch64-linux-gnu-gcc REQUIRED)
find_program(PSCISIM_DTC dtc REQUIRED)
