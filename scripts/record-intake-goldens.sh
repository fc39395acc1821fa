#!/usr/bin/env bash
# Records what the oracle (binutils readelf) says about every ELF fixture, for the intake
# module's golden tests, and builds the one ELF shape fixtures/bin lacks (a static PIE):
#   fixtures/intake/bin/hello-glibc-static-pie   gcc -static-pie build of fixtures/src/hello.c
#   fixtures/intake/readelf/<binary>.txt         readelf -W -h -l -S -s -r -n output
# Usage: scripts/record-intake-goldens.sh
# Needs aarch64-linux-gnu-gcc and aarch64-linux-gnu-readelf (scripts/install-oracles.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fx="$root/fixtures"
out="$fx/intake"

for tool in aarch64-linux-gnu-gcc aarch64-linux-gnu-readelf; do
  command -v "$tool" >/dev/null || { echo "record-intake-goldens: $tool missing; run scripts/install-oracles.sh" >&2; exit 1; }
done

mkdir -p "$out/bin" "$out/readelf"
aarch64-linux-gnu-gcc -static-pie -O2 -g0 -fno-ident "-ffile-prefix-map=$fx=." -Wl,--build-id=sha1 \
  "$fx/src/hello.c" -o "$out/bin/hello-glibc-static-pie"
aarch64-linux-gnu-strip --strip-debug "$out/bin/hello-glibc-static-pie"

rm -f "$out"/readelf/*.txt
for bin in "$fx"/bin/* "$out"/bin/*; do
  LC_ALL=C aarch64-linux-gnu-readelf -W -h -l -S -s -r -n "$bin" >"$out/readelf/$(basename "$bin").txt"
done
aarch64-linux-gnu-readelf --version | head -n 1 >"$out/readelf/VERSION.txt"
