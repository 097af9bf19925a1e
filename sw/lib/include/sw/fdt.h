/*
 * Minimal flattened-device-tree reader (Devicetree Specification v0.4, chapter 5): walks
 * the structure block and hands every property, with the full path of its node, to a
 * callback. Enough to read the psci node, the cpus and the idle states.
 */
#ifndef SW_FDT_H
#define SW_FDT_H

#include <stdbool.h>
#include <stdint.h>

typedef bool (*sw_fdt_prop_cb)(void *ctx, const char *path, const char *name, const uint8_t *val,
                               uint32_t len);

bool sw_fdt_valid(const void *fdt);
/* The boot DTB: the address the loader passed in x0, else the start of RAM (where QEMU
 * virt puts it for bare-metal images); NULL when neither holds a valid blob. */
const void *sw_fdt_boot(void);
/* Calls cb for each property in document order; stops early when cb returns false.
 * Returns false if the structure block is malformed. */
bool sw_fdt_walk(const void *fdt, sw_fdt_prop_cb cb, void *ctx);
static inline uint32_t sw_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
/* True if the string list property (val, len) contains s. */
bool sw_fdt_strlist_has(const uint8_t *val, uint32_t len, const char *s);
/* True if path starts with prefix. */
bool sw_str_starts(const char *path, const char *prefix);

#endif
