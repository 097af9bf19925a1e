/* Arm semihosting (HLT #0xF000 on AArch64; "Semihosting for AArch32 and AArch64" v2). */
#ifndef SW_SEMIHOST_H
#define SW_SEMIHOST_H

#include <stdint.h>

#define SW_SH_SYS_WRITEC  0x03
#define SW_SH_SYS_WRITE0  0x04
#define SW_SH_SYS_EXIT    0x18
#define SW_SH_SYS_ELAPSED 0x30

uint64_t sw_semihost(uint64_t op, uint64_t arg);
void sw_semihost_write0(const char *s);
/* Ends the run with this status (SYS_EXIT, reason ADP_Stopped_ApplicationExit). */
void sw_exit(int status) __attribute__((noreturn));

#endif
