#include "sw/console.h"

#include "sw/arch.h"
#include "sw/spinlock.h"

#define UARTDR      0x000
#define UARTFR      0x018
#define UARTCR      0x030
#define UARTFR_TXFF (1u << 5)
#define UARTFR_TXFE (1u << 7)
#define UARTFR_BUSY (1u << 3)

static sw_spinlock_t console_lock;

static inline volatile uint32_t *uart_reg(unsigned off)
{
    return (volatile uint32_t *)(SW_PL011_BASE + off);
}

void sw_console_init(void)
{
    /* UARTEN | TXE | RXE (PL011 TRM 3.3.8); baud settings are irrelevant to models. */
    *uart_reg(UARTCR) = 0x301;
}

void sw_console_flush(void)
{
    for (unsigned i = 0; i < 10000000u; i++) {
        uint32_t fr = *uart_reg(UARTFR);
        if ((fr & UARTFR_TXFE) && !(fr & UARTFR_BUSY)) return;
    }
}

void sw_putc_raw(char c)
{
    while (*uart_reg(UARTFR) & UARTFR_TXFF)
        ;
    *uart_reg(UARTDR) = (uint32_t)(unsigned char)c;
}

struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void out_c(struct out *o, char c)
{
    if (o->len + 1 < o->size) o->buf[o->len] = c;
    o->len++;
}

static void out_num(struct out *o, uint64_t v, unsigned base, bool neg, bool upper, int width,
                    bool zero, bool left)
{
    char tmp[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int total = n + (neg ? 1 : 0);
    if (!left && !zero)
        for (; width > total; width--)
            out_c(o, ' ');
    if (neg) out_c(o, '-');
    if (!left && zero)
        for (; width > total; width--)
            out_c(o, '0');
    while (n)
        out_c(o, tmp[--n]);
    if (left)
        for (; width > total; width--)
            out_c(o, ' ');
}

int sw_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {buf, size, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out_c(&o, *fmt);
            continue;
        }
        fmt++;
        bool zero = false, left = false;
        for (;; fmt++) {
            if (*fmt == '0')
                zero = true;
            else if (*fmt == '-')
                left = true;
            else
                break;
        }
        int width = 0;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        int lng = 0;
        while (*fmt == 'l' || *fmt == 'z') {
            lng++;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            out_num(&o, v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v, 10, v < 0, false, width,
                    zero, left);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            out_num(&o, v, *fmt == 'u' ? 10 : 16, false, *fmt == 'X', width, zero, left);
            break;
        }
        case 'p':
            out_c(&o, '0');
            out_c(&o, 'x');
            out_num(&o, (uintptr_t)va_arg(ap, void *), 16, false, false, width, zero, left);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            int n = (int)strlen(s);
            if (!left)
                for (; width > n; width--)
                    out_c(&o, ' ');
            while (*s)
                out_c(&o, *s++);
            if (left)
                for (; width > n; width--)
                    out_c(&o, ' ');
            break;
        }
        case 'c': out_c(&o, (char)va_arg(ap, int)); break;
        case '%': out_c(&o, '%'); break;
        case '\0': fmt--; break;
        default: out_c(&o, '%'); out_c(&o, *fmt);
        }
    }
    if (size) buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int sw_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = sw_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int sw_printf(const char *fmt, ...)
{
    char buf[320];
    va_list ap;
    va_start(ap, fmt);
    int n = sw_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sw_spin_lock(&console_lock);
    for (const char *p = buf; *p; p++) {
        if (*p == '\n') sw_putc_raw('\r');
        sw_putc_raw(*p);
    }
    sw_spin_unlock(&console_lock);
    return n;
}
