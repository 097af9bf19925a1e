/* The ISS fuzz targets' view of a libFuzzer input: bytes taken little-endian from the
 * front, zeros once it is used up (so every input, however short, drives a full run). */
#ifndef PSCISIM_FUZZ_INPUT_H
#define PSCISIM_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct input {
    const uint8_t *p;
    size_t n;
} input;

static inline uint64_t take(input *in, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        v |= (uint64_t)(in->n ? *in->p : 0) << (8 * i);
        if (in->n) {
            in->p++;
            in->n--;
        }
    }
    return v;
}

#endif
