/*
 * PSCI_VERSION (DEN 0022 5.1.1).
 * Aim: the version word uses the major[31:16].minor[15:0] encoding and names a published
 * version with the PSCI_VERSION call (0.2, 1.0, 1.1, 1.2, 1.3).
 * Expected: one of 0x00000002, 0x00010000..0x00010003.
 */
#include "suite.h"

void t_version(void)
{
    int32_t v = S.version;
    bool known = v == 0x2 || v == 0x10000 || v == 0x10001 || v == 0x10002 || v == 0x10003;
    sw_check("psci_version.known_value", known, "got 0x%x expected one of 0x2, 0x10000-0x10003",
             (unsigned)v);
    sw_check("psci_version.repeatable", psci_version() == v, "second call returned another value");
}
