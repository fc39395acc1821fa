#!/usr/bin/env bash
# Runs the lift oracle (scripts/lift-oracle/oracle.c) under qemu-aarch64 -cpu cortex-a53:
# binary cases on stdin, binary results on stdout (protocol in oracle.c).
# The oracle binary is built on first use into ${RECOMP_CACHE:-~/.cache/recomp}/lift-oracle/.
#   scripts/lift-oracle.sh --build   only build, print the binary's path
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/lift-oracle/oracle.c"
for tool in aarch64-linux-gnu-gcc qemu-aarch64 sha256sum; do
  command -v "$tool" >/dev/null || {
    echo "lift-oracle: $tool not found; install gcc-aarch64-linux-gnu and qemu-user (scripts/install-oracles.sh)" >&2
    exit 127
  }
done
cache="${RECOMP_CACHE:-$HOME/.cache/recomp}/lift-oracle"
bin="$cache/oracle-$(sha256sum "$src" | cut -c1-16)"
if [[ ! -x "$bin" ]]; then
  mkdir -p "$cache"
  tmp="$(mktemp "$cache/build.XXXXXX")"
  aarch64-linux-gnu-gcc -O2 -static -nostdlib -ffreestanding -fno-builtin -mgeneral-regs-only \
    -fno-stack-protector -o "$tmp" "$src"
  mv -f "$tmp" "$bin"
fi
if [[ "${1:-}" == "--build" ]]; then
  echo "$bin"
  exit 0
fi
exec qemu-aarch64 -cpu cortex-a53 "$bin"
