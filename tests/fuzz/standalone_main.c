/*
 * Deterministic driver for libFuzzer-style targets when the build is not a clang
 * fuzzing build: feeds LLVMFuzzerTestOneInput with inputs from a seeded xorshift
 * generator (same seed, same inputs, same result), or with the files named on the
 * command line (to replay a crash found by libFuzzer).
 *
 *   target [--runs N] [--seed S] [--max-len L] [FILE...]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static int replay(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz driver: cannot open %s\n", path);
        return 2;
    }
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long runs = 10000, max_len = 4096;
    uint64_t seed = 1;
    int files = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--max-len") && i + 1 < argc)
            max_len = strtoul(argv[++i], NULL, 0);
        else if (argv[i][0] == '-') {
            fprintf(stderr, "fuzz driver: unknown option %s\n", argv[i]);
            return 2;
        } else {
            if (replay(argv[i])) return 2;
            files++;
        }
    }
    if (files) return 0;
    if (seed == 0) seed = 1;
    uint8_t *buf = malloc(max_len ? max_len : 1);
    if (!buf) return 2;
    for (unsigned long r = 0; r < runs; r++) {
        size_t len = max_len ? (size_t)(next(&seed) % (max_len + 1)) : 0;
        for (size_t i = 0; i < len; i++)
            buf[i] = (uint8_t)next(&seed);
        LLVMFuzzerTestOneInput(buf, len);
    }
    free(buf);
    printf("fuzz driver: %lu inputs, seed %llu, no failure\n", runs, (unsigned long long)seed);
    return 0;
}
