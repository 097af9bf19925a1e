/*
 * psci_functions.c - the function metadata (psci_functions.def) as a table indexed by
 * function number, and function names.
 */
#include <string.h>

#include "psci_private.h"

/* Every PSCI version the library implements (DEN 0022 issues B..F.b), oldest first. */
static const uint32_t versions[] = {PSCI_VERSION_0_2, PSCI_VERSION_1_0, PSCI_VERSION_1_1,
                                    PSCI_VERSION_1_2, PSCI_VERSION_1_3};

#define PSCI_VERSION_UNBOUNDED 0xffffffffu

/* The table: one entry per row of psci_functions.def, at its function number. */
#define PSCI_NO_HOOK                                                                               \
    {                                                                                              \
        0, NULL                                                                                    \
    }
#define PSCI_HOOK_REF(op)                                                                          \
    {                                                                                              \
        offsetof(struct psci_platform_ops, op), #op                                                \
    }
#define PSCI_HOOK(op)          PSCI_HOOK_REF(op)
#define PSCI_HOOKS(op1, op2)   PSCI_HOOK_REF(op1), PSCI_HOOK_REF(op2)
#define PSCI_MANDATORY_FROM(v) .mandatory_from = (v), .mandatory_to = PSCI_VERSION_UNBOUNDED
#define PSCI_MANDATORY_ONLY(v) .mandatory_from = (v), .mandatory_to = (v)
#define PSCI_OPTIONAL          .mandatory_from = 0, .mandatory_to = 0
#define PSCI_FUNCTION(NAME, num, n64, since_, mandatory, args, hooks_, needs_, handler, flags)     \
    [num] = {.number = (num),                                                                      \
             .name = #NAME,                                                                        \
             .name64 = (n64),                                                                      \
             .since = (since_),                                                                    \
             mandatory,                                                                            \
             .num_args = (args),                                                                   \
             .hooks = {hooks_},                                                                    \
             .needs = PSCI_NEEDS_##needs_},
static const struct psci_function_info table[PSCI_FN_COUNT] = {
#include "psci/psci_functions.def"
};
#undef PSCI_FUNCTION
#undef PSCI_OPTIONAL
#undef PSCI_MANDATORY_ONLY
#undef PSCI_MANDATORY_FROM
#undef PSCI_HOOKS
#undef PSCI_HOOK
#undef PSCI_HOOK_REF
#undef PSCI_NO_HOOK

const struct psci_function_info *psci_get_function_info(unsigned fn)
{
    if (fn >= PSCI_FN_COUNT || !table[fn].name) return NULL;
    return &table[fn];
}

bool psci_function_mandatory(const struct psci_function_info *f, uint32_t version)
{
    return f && f->mandatory_from != 0 && version >= f->mandatory_from &&
           version <= f->mandatory_to;
}

const uint32_t *psci_supported_versions(size_t *count)
{
    if (count) *count = sizeof versions / sizeof versions[0];
    return versions;
}

/*
 * Hooks are found by their offset in struct psci_platform_ops, so a row can name any op.
 * Every member is a pointer to a function; all function pointer types share one
 * representation on the ABIs the library targets, and the null pointer is what a missing
 * hook holds, so comparing through a generic function pointer type is sound there.
 */
bool psci_hook_present(const struct psci_platform_ops *ops, const struct psci_hook_ref *ref)
{
    void (*fp)(void);
    memcpy(&fp, (const char *)ops + ref->offset, sizeof fp);
    return fp != NULL;
}

const char *psci_function_name(uint32_t fid)
{
    if (fid == SMCCC_VERSION_FID) return "SMCCC_VERSION";
    if (fid == SMCCC_ARCH_FEATURES_FID) return "SMCCC_ARCH_FEATURES";
    const struct psci_function_info *f = psci_get_function_info(fid & (PSCI_FN_COUNT - 1));
    const char *name = NULL;
    if (f && (fid & ~(PSCI_FN_COUNT - 1)) == PSCI_FN_BASE32)
        name = f->name;
    else if (f && (fid & ~(PSCI_FN_COUNT - 1)) == PSCI_FN_BASE64)
        name = f->name64;
    return name ? name : "UNKNOWN";
}
