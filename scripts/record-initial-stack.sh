#!/usr/bin/env bash
# Builds the initial-stack fixtures (fixtures/runtime/stackdump.c) and records what
# qemu-aarch64 -cpu cortex-a53 hands them at process start (argc, argv, envp, auxv), the
# reference the runtime loader's hermetic test compares with field by field:
#   fixtures/runtime/stackdump          static musl ET_EXEC
#   fixtures/runtime/stackdump-pie      static-pie glibc (RELATIVE + IRELATIVE relocations)
#   fixtures/runtime/<binary>.qemu.txt  what the binary printed under qemu
# Every run: argv = <binary> x "y z", environment exactly A=1 BB=two, from fixtures/runtime.
# Usage: scripts/record-initial-stack.sh   (needs scripts/install-oracles.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fx="$root/fixtures/runtime"
for tool in aarch64-linux-gnu-gcc aarch64-linux-musl-gcc qemu-aarch64; do
  command -v "$tool" >/dev/null || { echo "record-initial-stack: $tool missing; run scripts/install-oracles.sh" >&2; exit 1; }
done
common=(-O2 -g0 -fno-ident "-ffile-prefix-map=$fx=." -Wl,--build-id=sha1)
aarch64-linux-musl-gcc "${common[@]}" -static "$fx/stackdump.c" -o "$fx/stackdump"
aarch64-linux-gnu-gcc "${common[@]}" -static-pie "$fx/stackdump.c" -o "$fx/stackdump-pie"
for bin in stackdump stackdump-pie; do
  aarch64-linux-gnu-strip --strip-debug "$fx/$bin"
  (cd "$fx" && env -i A=1 BB=two qemu-aarch64 -cpu cortex-a53 "./$bin" x "y z") >"$fx/$bin.qemu.txt"
done
qemu-aarch64 --version | head -n 1 >"$fx/ORACLE.txt"
