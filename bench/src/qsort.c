/* qsort of 1M integers with a comparison callback. */
#include "bench.h"

static int cmp(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int reps = bench_reps(argc, argv, 4);
  int n = 1 << 20;
  int *v = malloc(n * sizeof *v);
  long long check = 0;
  for (int r = 0; r < reps; r++) {
    for (int i = 0; i < n; i++) v[i] = (int)bench_next();
    qsort(v, n, sizeof *v, cmp);
    check += v[n / 2] + v[r];
  }
  printf("qsort reps=%d check=%lld\n", reps, check);
  return 0;
}
