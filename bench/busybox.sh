#!/usr/bin/env bash
# The two busybox builds the benchmark compares, both Debian's busybox-static of the same
# version: amd64 (native) and arm64 (under qemu and recompiled). Unpacked, not installed.
#   bench/busybox.sh fetch    download and unpack what is missing
#   bench/busybox.sh native   print the amd64 binary's path
#   bench/busybox.sh arm64    print the arm64 binary's path
set -euo pipefail
cache="${RECOMP_CACHE:-$HOME/.cache/recomp}"
path() { echo "$cache/bench-busybox-$1/bin/busybox"; }
fetch() {
  local arch="$1" dir="$cache/bench-busybox-$1"
  [ -x "$dir/bin/busybox" ] && return
  mkdir -p "$cache/debs"
  (cd "$cache/debs" && apt-get download -qq "busybox-static:$arch" 2>/dev/null) ||
    { echo "bench: cannot download busybox-static:$arch (apt-get download)" >&2; exit 1; }
  rm -rf "$dir.tmp"
  dpkg-deb -x "$(ls "$cache"/debs/busybox-static_*_"$arch".deb | head -n 1)" "$dir.tmp"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
}
case "${1:-}" in
  fetch) fetch amd64; fetch arm64 ;;
  native) path amd64 ;;
  arm64) path arm64 ;;
  *) echo "usage: bench/busybox.sh fetch|native|arm64" >&2; exit 2 ;;
esac
