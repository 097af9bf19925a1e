/*
 * MEM_PROTECT and MEM_PROTECT_CHECK_RANGE (DEN 0022 5.25, 5.26).
 * Aim: the enable switch reports its previous state and ranges are judged against the
 * protected memory.
 * Expected (when advertised; otherwise NOT_SUPPORTED):
 *  - MEM_PROTECT(1) returns the previous state (0 or 1), a second MEM_PROTECT(1) returns 1,
 *    MEM_PROTECT(0) returns 1 then 0; the boot state is restored at the end;
 *  - with protection on: a page of the loaded image is protected (SUCCESS); length 0, a
 *    range that wraps around the address space and a range outside RAM (at 0) are DENIED.
 */
#include "suite.h"

extern char __image_start[];

void t_mem_protect(void)
{
    bool mp = advertised(PSCI_MEM_PROTECT), ck = advertised(PSCI_MEM_PROTECT_CHECK64);
    if (!mp) {
        if (known_absent(PSCI_MEM_PROTECT))
            sw_check_ret("mem_protect.not_advertised", psci_mem_protect(0), PSCI_NOT_SUPPORTED);
        sw_skip("mem_protect.*", "MEM_PROTECT not advertised");
    }
    if (!ck) {
        if (known_absent(PSCI_MEM_PROTECT_CHECK64))
            sw_check_ret("mem_protect_check_range.not_advertised",
                         psci_mem_protect_check_range((uintptr_t)__image_start, 4096),
                         PSCI_NOT_SUPPORTED);
        sw_skip("mem_protect_check_range.*", "MEM_PROTECT_CHECK_RANGE not advertised");
    }
    if (!mp) return;
    int32_t initial = psci_mem_protect(1);
    sw_check("mem_protect.returns_previous_state", initial == 0 || initial == 1,
             "got %d expected 0 or 1", initial);
    sw_check_ret("mem_protect.enable_again_returns_1", psci_mem_protect(1), 1);
    if (ck) {
        uintptr_t base = (uintptr_t)__image_start;
        sw_check_ret("mem_protect_check_range.image_page", psci_mem_protect_check_range(base, 4096),
                     PSCI_SUCCESS);
        sw_check_ret("mem_protect_check_range.zero_length", psci_mem_protect_check_range(base, 0),
                     PSCI_DENIED);
        sw_check_ret("mem_protect_check_range.wraps",
                     psci_mem_protect_check_range(0xFFFFFFFFFFFFF000ull, 0x2000), PSCI_DENIED);
        sw_check_ret("mem_protect_check_range.outside_ram", psci_mem_protect_check_range(0, 4096),
                     PSCI_DENIED);
    }
    sw_check_ret("mem_protect.disable_returns_1", psci_mem_protect(0), 1);
    sw_check_ret("mem_protect.disable_again_returns_0", psci_mem_protect(0), 0);
    if (initial == 1) psci_mem_protect(1);
}
