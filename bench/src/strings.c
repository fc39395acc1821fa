/* memcpy/strlen/memchr-heavy loops over many short and long strings. */
#include <string.h>
#include "bench.h"

int main(int argc, char **argv) {
  int reps = bench_reps(argc, argv, 20);
  enum { COUNT = 4096, MAXLEN = 200 };
  char **str = malloc(COUNT * sizeof *str);
  for (int i = 0; i < COUNT; i++) {
    int len = 1 + bench_next() % MAXLEN;
    str[i] = malloc(len + 1);
    for (int k = 0; k < len; k++) str[i][k] = 'a' + bench_next() % 26;
    str[i][len] = 0;
  }
  char *dst = malloc(COUNT * (MAXLEN + 1));
  unsigned long total = 0;
  for (int r = 0; r < reps * 40; r++) {
    char *p = dst;
    for (int i = 0; i < COUNT; i++) {
      size_t len = strlen(str[i]);
      memcpy(p, str[i], len + 1);
      const char *hit = memchr(p, 'q', len);
      total += len + (hit ? (size_t)(hit - p) : 0);
      p += len + 1;
    }
    total += strcmp(dst, str[r % COUNT]) > 0;
  }
  printf("strings reps=%d total=%lu\n", reps, total);
  return 0;
}
