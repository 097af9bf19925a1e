/*
 * PSCI_FEATURES (DEN 0022 5.15).
 * Aim: discovery is consistent with the version and with the specification's flags.
 * Expected:
 *  - before 1.0 the call itself is NOT_SUPPORTED (it is a 1.0 function);
 *  - the mandatory functions (VERSION, CPU_SUSPEND 32/64, CPU_OFF, CPU_ON 32/64,
 *    AFFINITY_INFO 32/64, SYSTEM_OFF, SYSTEM_RESET, FEATURES) are advertised (TF-A Tests
 *    "PSCI Features");
 *  - CPU_SUSPEND flags use only bits [1:0], identically for the SMC32 and SMC64 IDs;
 *    every other advertised function (up to 1.2) returns flags 0;
 *  - the SMC64 ID of an SMC32-only function, unknown IDs (0xC400A011, 0x8400001F,
 *    non-PSCI IDs) and functions newer than the reported version are NOT_SUPPORTED.
 *  - PSCI_FEATURES(SMCCC_VERSION) is 0 or NOT_SUPPORTED; when 0, SMCCC_VERSION >= 1.1.
 */
#include "suite.h"

static const uint32_t mandatory[] = {
    PSCI_VERSION,    PSCI_CPU_SUSPEND32, PSCI_CPU_SUSPEND64,   PSCI_CPU_OFF,
    PSCI_CPU_ON32,   PSCI_CPU_ON64,      PSCI_AFFINITY_INFO32, PSCI_AFFINITY_INFO64,
    PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET,  PSCI_FEATURES,
};

/* Functions with an SMC32 ID only (DEN 0022 table 5.1). */
static const unsigned smc32_only[] = {0x00, 0x02, 0x06, 0x08, 0x09, 0x0A, 0x0B, 0x0F, 0x13};

static const char *fname(uint32_t fid)
{
    return nm("%s%s", psci_fn_name(fid), (fid & 0x40000000u) ? "64" : "");
}

void t_features(void)
{
    if (!version_at_least(1, 0)) {
        sw_check_ret("psci_features.absent_before_1_0", psci_features(PSCI_VERSION),
                     PSCI_NOT_SUPPORTED);
        sw_skip("psci_features.*", "PSCI %u.%u has no PSCI_FEATURES", S.major, S.minor);
        return;
    }
    for (unsigned i = 0; i < sizeof mandatory / sizeof mandatory[0]; i++) {
        int32_t r = psci_features(mandatory[i]);
        sw_check(nm("psci_features.mandatory.%s", fname(mandatory[i])), r >= 0,
                 "got %d (%s) expected >= 0", r, psci_ret_name(r));
    }
    int32_t f32 = psci_features(PSCI_CPU_SUSPEND32), f64 = psci_features(PSCI_CPU_SUSPEND64);
    sw_check("psci_features.cpu_suspend.reserved_bits_zero", f64 >= 0 && (f64 & ~3) == 0,
             "got 0x%x, bits [31:2] must be 0", (unsigned)f64);
    sw_check("psci_features.cpu_suspend.smc32_equals_smc64", f32 == f64,
             "SMC32 flags 0x%x, SMC64 flags 0x%x", (unsigned)f32, (unsigned)f64);
    for (unsigned fn = 0; fn < 0x15; fn++) {
        if (fn == 0x01) continue;
        for (unsigned w = 0; w < 2; w++) {
            int32_t r = S.feat[fn][w];
            if (r < 0) continue;
            uint32_t fid = (w ? 0xC4000000u : 0x84000000u) + fn;
            sw_check(nm("psci_features.flags_zero.%s", fname(fid)), r == 0,
                     "got 0x%x expected 0 (no flags defined for this function)", (unsigned)r);
        }
    }
    for (unsigned i = 0; i < sizeof smc32_only / sizeof smc32_only[0]; i++) {
        uint32_t fid = 0xC4000000u + smc32_only[i];
        sw_check_ret(nm("psci_features.smc64_of_smc32_only.%s", psci_fn_name(fid)),
                     psci_features(fid), PSCI_NOT_SUPPORTED);
    }
    static const uint32_t unknown[] = {0xC400A011u, 0x8400001Fu, 0xC400001Fu, 0x8400FFFFu,
                                       0x84000100u, 0x00000000u, 0x86000000u};
    for (unsigned i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        sw_check_ret(nm("psci_features.unknown_id.0x%08x", unknown[i]), psci_features(unknown[i]),
                     PSCI_NOT_SUPPORTED);
    /* Functions introduced after the reported version (DEN 0022 table 5.1 "since"). */
    static const struct {
        uint32_t fid;
        unsigned major, minor;
    } later[] = {
        {PSCI_SYSTEM_RESET2_32, 1, 1},    {PSCI_SYSTEM_RESET2_64, 1, 1},
        {PSCI_MEM_PROTECT, 1, 1},         {PSCI_MEM_PROTECT_CHECK32, 1, 1},
        {PSCI_MEM_PROTECT_CHECK64, 1, 1}, {PSCI_SYSTEM_OFF2_32, 1, 3},
        {PSCI_SYSTEM_OFF2_64, 1, 3},
    };
    for (unsigned i = 0; i < sizeof later / sizeof later[0]; i++) {
        if (version_at_least(later[i].major, later[i].minor)) continue;
        sw_check_ret(nm("psci_features.not_in_version.%s", fname(later[i].fid)),
                     psci_features(later[i].fid), PSCI_NOT_SUPPORTED);
    }
    int32_t s = psci_features(SMCCC_VERSION);
    if (s == PSCI_NOT_SUPPORTED) {
        sw_skip("psci_features.smccc_version", "SMCCC_VERSION not advertised (SMCCC 1.0)");
    } else {
        sw_check_ret("psci_features.smccc_version", s, 0);
        int32_t v = psci_call32(SMCCC_VERSION, 0, 0, 0);
        sw_check("smccc_version.at_least_1_1", v >= 0x10001, "got 0x%x expected >= 0x10001",
                 (unsigned)v);
    }
}
