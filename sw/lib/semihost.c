#include "sw/semihost.h"

#include "sw/arch.h"
#include "sw/console.h"

uint64_t sw_semihost(uint64_t op, uint64_t arg)
{
    register uint64_t x0 __asm__("x0") = op;
    register uint64_t x1 __asm__("x1") = arg;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

void sw_semihost_write0(const char *s)
{
    sw_semihost(SW_SH_SYS_WRITE0, (uintptr_t)s);
}

void sw_exit(int status)
{
    /* AArch64 SYS_EXIT takes a parameter block: reason, then subcode (the exit status). */
    static volatile uint64_t block[2];
    sw_console_flush(); /* the run ends at SYS_EXIT: what the UART holds would be lost */
    block[0] = 0x20026; /* ADP_Stopped_ApplicationExit */
    block[1] = (uint64_t)(int64_t)status;
    for (;;)
        sw_semihost(SW_SH_SYS_EXIT, (uintptr_t)block);
}
