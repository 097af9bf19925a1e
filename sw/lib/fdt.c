#include "sw/fdt.h"

#include "sw/arch.h"
#include "sw/platform.h"
#include "sw/smp.h"

#define FDT_MAGIC      0xD00DFEEDu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u
#define FDT_MAX_SIZE   (2u << 20)

bool sw_fdt_valid(const void *fdt)
{
    const uint8_t *h = fdt;
    if (!h || sw_be32(h) != FDT_MAGIC) return false;
    uint32_t total = sw_be32(h + 4), off_struct = sw_be32(h + 8), off_strings = sw_be32(h + 12);
    uint32_t version = sw_be32(h + 20);
    return total >= 40 && total <= FDT_MAX_SIZE && off_struct < total && off_strings < total &&
           version >= 16;
}

const void *sw_fdt_boot(void)
{
    if (sw_boot_dtb && sw_fdt_valid((const void *)(uintptr_t)sw_boot_dtb))
        return (const void *)(uintptr_t)sw_boot_dtb;
    if (SW_DTB_PROBE_ADDR && sw_fdt_valid((const void *)SW_DTB_PROBE_ADDR))
        return (const void *)SW_DTB_PROBE_ADDR;
    return 0;
}

static uint32_t align4(uint32_t v)
{
    return (v + 3u) & ~3u;
}

bool sw_fdt_walk(const void *fdt, sw_fdt_prop_cb cb, void *ctx)
{
    const uint8_t *h = fdt;
    uint32_t total = sw_be32(h + 4);
    const uint8_t *st = h + sw_be32(h + 8), *strings = h + sw_be32(h + 12);
    uint32_t st_size = total - sw_be32(h + 8);
    char path[256];
    unsigned plen = 0, depth = 0;
    unsigned saved[32];
    path[0] = '\0';
    for (uint32_t off = 0; off + 4 <= st_size;) {
        uint32_t tok = sw_be32(st + off);
        off += 4;
        switch (tok) {
        case FDT_BEGIN_NODE: {
            const char *name = (const char *)st + off;
            uint32_t n = (uint32_t)strlen(name);
            if (depth >= 32) return false;
            saved[depth++] = plen;
            if (depth > 1) { /* the root node has an empty name: path "/" */
                if (plen + n + 2 >= sizeof path) return false;
                if (plen != 1) path[plen++] = '/';
                memcpy(path + plen, name, n);
                plen += n;
            } else {
                path[0] = '/';
                plen = 1;
            }
            path[plen] = '\0';
            off += align4(n + 1);
            break;
        }
        case FDT_END_NODE:
            if (!depth) return false;
            plen = saved[--depth];
            path[plen] = '\0';
            break;
        case FDT_PROP: {
            uint32_t len = sw_be32(st + off), nameoff = sw_be32(st + off + 4);
            off += 8;
            if (off + len > st_size) return false;
            if (!cb(ctx, path, (const char *)strings + nameoff, st + off, len)) return true;
            off += align4(len);
            break;
        }
        case FDT_NOP: break;
        case FDT_END: return depth == 0;
        default: return false;
        }
    }
    return false;
}

bool sw_fdt_strlist_has(const uint8_t *val, uint32_t len, const char *s)
{
    uint32_t n = (uint32_t)strlen(s);
    for (uint32_t i = 0; i < len;) {
        const char *e = (const char *)val + i;
        uint32_t el = 0;
        while (i + el < len && e[el])
            el++;
        if (el == n && memcmp(e, s, n) == 0) return true;
        i += el + 1;
    }
    return false;
}

bool sw_str_starts(const char *path, const char *prefix)
{
    while (*prefix)
        if (*path++ != *prefix++) return false;
    return true;
}
