# Toolchain for freestanding AArch64 guest code (sw/), using Debian's
# gcc-aarch64-linux-gnu cross compiler with no C library and no OS.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_ASM_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_OBJCOPY aarch64-linux-gnu-objcopy)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_C_FLAGS_INIT "-ffreestanding -fno-builtin -nostdlib -march=armv8-a -mno-outline-atomics -mgeneral-regs-only -mstrict-align -fno-pic -fno-pie -fno-stack-protector -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "-ffreestanding -nostdlib")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostdlib -nostartfiles -static -no-pie -Wl,--gc-sections -Wl,--build-id=none")
