/* 160x160 int32 matrix multiply. */
#include "bench.h"
#define M 160
static int32_t A[M][M], B[M][M], C[M][M];

int main(int argc, char **argv) {
  int reps = bench_reps(argc, argv, 20);
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      A[i][j] = (i * 31 + j * 17) % 101 - 50;
      B[i][j] = (i * 7 + j * 13) % 97 - 48;
    }
  int64_t sum = 0;
  for (int r = 0; r < reps; r++) {
    for (int i = 0; i < M; i++)
      for (int j = 0; j < M; j++) {
        int32_t acc = 0;
        for (int k = 0; k < M; k++) acc += A[i][k] * B[k][j];
        C[i][j] = acc + r;
      }
    for (int i = 0; i < M; i++)
      for (int j = 0; j < M; j++) sum += C[i][j];
    A[r % M][(r * 3) % M] ^= 1;
  }
  printf("matmul_i32 reps=%d sum=%lld\n", reps, (long long)sum);
  return 0;
}
