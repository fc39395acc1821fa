/* Shared by the benchmark kernels: a deterministic generator and the result line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t bench_seed = 12345;
static inline uint32_t bench_next(void) {
  bench_seed = bench_seed * 1103515245u + 12345u;
  return bench_seed >> 8;
}
static inline int bench_reps(int argc, char **argv, int fallback) {
  return argc > 1 ? atoi(argv[1]) : fallback;
}
