/* Sieve of Eratosthenes up to 4M. */
#include <string.h>
#include "bench.h"

int main(int argc, char **argv) {
  int reps = bench_reps(argc, argv, 20);
  int n = 4000000;
  uint8_t *s = malloc(n + 1);
  long primes = 0;
  for (int r = 0; r < reps; r++) {
    memset(s, 1, n + 1);
    s[0] = s[1] = 0;
    for (long i = 2; i * i <= n; i++)
      if (s[i])
        for (long j = i * i; j <= n; j += i) s[j] = 0;
    for (int i = 0; i <= n; i++) primes += s[i];
  }
  printf("sieve reps=%d primes=%ld\n", reps, primes);
  return 0;
}
