/* Table-driven CRC32 over a 1 MiB buffer. */
#include "bench.h"

int main(int argc, char **argv) {
  int reps = bench_reps(argc, argv, 40);
  static uint32_t table[256];
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  size_t n = 1 << 20;
  uint8_t *buf = malloc(n);
  for (size_t i = 0; i < n; i++) buf[i] = (uint8_t)bench_next();
  uint32_t crc = 0;
  for (int r = 0; r < reps; r++) {
    crc = ~crc;
    for (size_t i = 0; i < n; i++) crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
    crc = ~crc;
  }
  printf("crc32 reps=%d crc=%08x\n", reps, crc);
  return 0;
}
