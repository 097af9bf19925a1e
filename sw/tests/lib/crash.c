/*
 * Crash-report test: executes a permanently undefined instruction (UDF) on the boot core.
 * Expected: the runtime prints "CRASH core 0 ..." with ESR EC 0x0 (unknown reason, DDI 0487
 * D17.2.37) and ELR pointing at the UDF, then exits with semihosting status 3.
 */
#include "sw/console.h"

int main(void)
{
    extern char crash_site[];
    sw_printf("# executing UDF at %p\n", (void *)crash_site);
    __asm__ volatile(".global crash_site\ncrash_site: udf #0" ::: "memory");
    sw_printf("UDF did not trap\n");
    return 1;
}
