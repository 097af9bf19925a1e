#include "sw/check.h"

#include <stdarg.h>

#include "sw/console.h"
#include "sw/psci.h"

unsigned sw_checks_passed, sw_checks_failed, sw_checks_skipped;

void sw_pass(const char *name)
{
    sw_checks_passed++;
    sw_printf("PASS %s\n", name);
}

static void vreport(const char *tag, const char *name, const char *fmt, va_list ap)
{
    char detail[200];
    sw_vsnprintf(detail, sizeof detail, fmt, ap);
    sw_printf("%s %s: %s\n", tag, name, detail);
}

void sw_fail(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sw_checks_failed++;
    vreport("FAIL", name, fmt, ap);
    va_end(ap);
}

void sw_skip(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sw_checks_skipped++;
    vreport("SKIP", name, fmt, ap);
    va_end(ap);
}

bool sw_check(const char *name, bool cond, const char *fmt, ...)
{
    if (cond) {
        sw_pass(name);
        return true;
    }
    va_list ap;
    va_start(ap, fmt);
    sw_checks_failed++;
    vreport("FAIL", name, fmt, ap);
    va_end(ap);
    return false;
}

/* "-2 (INVALID_PARAMETERS)" for codes, the plain number otherwise. */
static void fmt_ret(char *buf, unsigned size, int64_t v)
{
    const char *n = psci_ret_name(v);
    if (n[0])
        sw_snprintf(buf, size, "%ld (%s)", v, n);
    else
        sw_snprintf(buf, size, "%ld", v);
}

bool sw_check_ret(const char *name, int64_t got, int64_t expected)
{
    char g[48], e[48];
    fmt_ret(g, sizeof g, got);
    fmt_ret(e, sizeof e, expected);
    return sw_check(name, got == expected, "got %s expected %s", g, e);
}

bool sw_check_ret_any(const char *name, int64_t got, const int64_t *accepted, unsigned n)
{
    char exp[120];
    unsigned len = 0;
    for (unsigned i = 0; i < n; i++) {
        if (got == accepted[i]) {
            sw_pass(name);
            return true;
        }
        char e[48];
        fmt_ret(e, sizeof e, accepted[i]);
        len += sw_snprintf(exp + len, len < sizeof exp ? sizeof exp - len : 0, "%s%s",
                           i ? " or " : "", e);
    }
    char g[48];
    fmt_ret(g, sizeof g, got);
    sw_fail(name, "got %s expected %s", g, exp);
    return false;
}

bool sw_check_u64(const char *name, uint64_t got, uint64_t expected)
{
    return sw_check(name, got == expected, "got 0x%lx expected 0x%lx", got, expected);
}

int sw_check_summary(void)
{
    sw_printf("%u passed, %u failed, %u skipped\n", sw_checks_passed, sw_checks_failed,
              sw_checks_skipped);
    return sw_checks_failed ? 1 : 0;
}
