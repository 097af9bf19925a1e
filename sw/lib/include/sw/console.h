/* PL011 console (the machine's first UART, sw/platform.h) and a small printf: %d %i %u %x %X %p %s
 * %c %%, with l/ll/z length modifiers, '-' and '0' flags and a field width. Each call is emitted
 * whole under a lock, so lines printed by different cores do not interleave. */
#ifndef SW_CONSOLE_H
#define SW_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

#include "sw/platform.h"

void sw_console_init(void);
void sw_putc_raw(char c);
/* Waits until the UART has sent everything (UARTFR.TXFE set, BUSY clear): before the
 * run ends (semihosting exit, SYSTEM_OFF/RESET), when the UART's baud rate makes
 * transmission take time (a firmware such as TF-A programmed it). Bounded. */
void sw_console_flush(void);
int sw_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int sw_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int sw_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
