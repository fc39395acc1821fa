/* N-body simulation of five bodies (the classic benchmark's shape, our own code). */
#include <math.h>
#include "bench.h"
#define N 5

typedef struct { double x, y, z, vx, vy, vz, m; } body;

static double energy(const body *b) {
  double e = 0;
  for (int i = 0; i < N; i++) {
    e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
    for (int j = i + 1; j < N; j++) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

int main(int argc, char **argv) {
  int steps = bench_reps(argc, argv, 20) * 50000;
  body b[N];
  for (int i = 0; i < N; i++) {
    b[i] = (body){i * 1.5, i * -0.7 + 0.3, i * 0.2, 0.01 * i, -0.02 * i, 0.005, 1.0 + i * 0.1};
  }
  b[0].m = 39.47;
  double dt = 0.001, e0 = energy(b);
  for (int s = 0; s < steps; s++) {
    for (int i = 0; i < N; i++)
      for (int j = i + 1; j < N; j++) {
        double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
        double d2 = dx * dx + dy * dy + dz * dz;
        double mag = dt / (d2 * sqrt(d2));
        b[i].vx -= dx * b[j].m * mag; b[i].vy -= dy * b[j].m * mag; b[i].vz -= dz * b[j].m * mag;
        b[j].vx += dx * b[i].m * mag; b[j].vy += dy * b[i].m * mag; b[j].vz += dz * b[i].m * mag;
      }
    for (int i = 0; i < N; i++) {
      b[i].x += dt * b[i].vx; b[i].y += dt * b[i].vy; b[i].z += dt * b[i].vz;
    }
  }
  printf("nbody steps=%d e0=%.9f e1=%.9f\n", steps, e0, energy(b));
  return 0;
}
