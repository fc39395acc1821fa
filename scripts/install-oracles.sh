#!/usr/bin/env bash
# Installs the oracles and cross toolchains the tests use (ARCHITECTURE.md §5).
# Idempotent and non-interactive; needs root (or sudo) and Debian's package archive.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

need=()
command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross)
command -v aarch64-linux-gnu-objdump >/dev/null || need+=(binutils-aarch64-linux-gnu)
command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
command -v csmith >/dev/null || need+=(csmith)
[ -f /usr/include/csmith/csmith.h ] || need+=(libcsmith-dev)
command -v clang >/dev/null || need+=(clang)
command -v ld.lld >/dev/null || need+=(lld)
# Headless Chromium renders the static validation report in the differential suite.
command -v chromium >/dev/null || need+=(chromium)

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64
  updated=0
else
  updated=1
fi
[ -x /usr/bin/aarch64-linux-musl-gcc ] || need+=(musl-dev:arm64)

if [ ${#need[@]} -gt 0 ] || [ "$updated" -eq 0 ]; then
  $SUDO apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "install-oracles: installing ${need[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Debian's arm64 busybox-static: real static AArch64 programs for the differential suites.
# Unpacked (not installed) under ~/.cache/recomp/busybox/bin/busybox.
cache="${RECOMP_CACHE:-$HOME/.cache/recomp}"
if [ ! -x "$cache/busybox/bin/busybox" ]; then
  mkdir -p "$cache/debs"
  (cd "$cache/debs" && apt-get download -qq busybox-static:arm64 2>/dev/null)
  rm -rf "$cache/busybox.tmp"
  dpkg-deb -x "$(ls "$cache"/debs/busybox-static_*_arm64.deb | head -n 1)" "$cache/busybox.tmp"
  rm -rf "$cache/busybox"
  mv "$cache/busybox.tmp" "$cache/busybox"
fi
echo "install-oracles: busybox at $cache/busybox/bin/busybox"
