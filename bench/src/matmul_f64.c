/* 160x160 double matrix multiply. */
#include "bench.h"
#define M 160
static double A[M][M], B[M][M], C[M][M];

int main(int argc, char **argv) {
  int reps = bench_reps(argc, argv, 20);
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      A[i][j] = (i + 1) * 0.001 + j * 0.5;
      B[i][j] = (j + 1) * 0.25 - i * 0.01;
    }
  double sum = 0;
  for (int r = 0; r < reps; r++) {
    for (int i = 0; i < M; i++)
      for (int j = 0; j < M; j++) {
        double acc = 0;
        for (int k = 0; k < M; k++) acc += A[i][k] * B[k][j];
        C[i][j] = acc + r;
      }
    for (int i = 0; i < M; i++)
      for (int j = 0; j < M; j++) sum += C[i][j];
    A[r % M][(r * 3) % M] += 1.0;
  }
  printf("matmul_f64 reps=%d sum=%.6e\n", reps, sum);
  return 0;
}
