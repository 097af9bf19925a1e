/*
 * Check reporting for test programs: one line per check,
 *   PASS <name>
 *   FAIL <name>: got <X> expected <Y>
 *   SKIP <name>: <reason>
 * and a final "N passed, N failed, N skipped" line (sw_check_summary).
 */
#ifndef SW_CHECK_H
#define SW_CHECK_H

#include <stdbool.h>
#include <stdint.h>

extern unsigned sw_checks_passed, sw_checks_failed, sw_checks_skipped;

/* PSCI return-code comparison: prints names of codes. */
bool sw_check_ret(const char *name, int64_t got, int64_t expected);
/* got must be one of the n accepted codes. */
bool sw_check_ret_any(const char *name, int64_t got, const int64_t *accepted, unsigned n);
bool sw_check_u64(const char *name, uint64_t got, uint64_t expected);
/* Free-form: cond decides, detail is printed after "FAIL name: " when it fails. */
bool sw_check(const char *name, bool cond, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sw_pass(const char *name);
void sw_fail(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sw_skip(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the summary line; returns the exit status (0 iff no failure). */
int sw_check_summary(void);

#endif
