/* Deterministic input files for the busybox benchmarks (built natively, not benchmarked):
 *   gendata bytes N    N pseudo-random bytes
 *   gendata text N     about N bytes of text lines: words and numbers, compressible like logs
 *   gendata numbers N  N lines, each an integer, for sort -n
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"

static const char *words[] = {"alpha", "beta",  "gamma", "delta", "error", "warning",
                              "info",  "debug", "read",  "write", "open",  "close"};

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: gendata bytes|text|numbers N\n");
    return 2;
  }
  long n = atol(argv[2]);
  if (strcmp(argv[1], "bytes") == 0) {
    for (long i = 0; i < n; i++) putchar((int)(bench_next() & 0xff));
  } else if (strcmp(argv[1], "text") == 0) {
    long written = 0;
    while (written < n) {
      int w = printf("%08u %s %s %u\n", bench_next() % 100000000u, words[bench_next() % 12],
                     words[bench_next() % 12], bench_next() % 1000u);
      written += w;
    }
  } else if (strcmp(argv[1], "numbers") == 0) {
    for (long i = 0; i < n; i++) printf("%d\n", (int)(bench_next() % 2000001u) - 1000000);
  } else {
    fprintf(stderr, "gendata: unknown kind %s\n", argv[1]);
    return 2;
  }
  return 0;
}
