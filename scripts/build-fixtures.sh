#!/usr/bin/env bash
# Rebuilds the AArch64 fixture binaries (fixtures/builds.tsv) from fixtures/src and records
# their reference behaviour (fixtures/runs.tsv) with qemu-aarch64 -cpu cortex-a53:
#   fixtures/bin/<binary>                     static AArch64 ELF
#   fixtures/golden/<run>.{stdout,stderr,exit} what the oracle printed and its exit status
#   fixtures/TOOLCHAIN.txt                    the versions that produced them
# Usage: scripts/build-fixtures.sh [--goldens-only]
# Needs the packages of scripts/install-oracles.sh. Builds are reproducible for a given
# toolchain: paths are mapped away and the build id is a content hash.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fx="$root/fixtures"
goldens_only=0
[ "${1:-}" = "--goldens-only" ] && goldens_only=1

for tool in aarch64-linux-gnu-gcc aarch64-linux-musl-gcc clang qemu-aarch64; do
  command -v "$tool" >/dev/null || { echo "build-fixtures: $tool missing; run scripts/install-oracles.sh" >&2; exit 1; }
done

common=(-static -g0 -fno-ident "-ffile-prefix-map=$fx=." -Wl,--build-id=sha1)
if [ "$goldens_only" -eq 0 ]; then
  mkdir -p "$fx/bin"
  while IFS=$'\t' read -r bin src toolchain flags; do
    case "$bin" in ''|'#'*) continue ;; esac
    read -r -a extra <<<"$flags"
    out="$fx/bin/$bin"
    case "$toolchain" in
      gnu) aarch64-linux-gnu-gcc "${common[@]}" "$fx/src/$src" -o "$out" "${extra[@]}" ;;
      musl) aarch64-linux-musl-gcc "${common[@]}" "$fx/src/$src" -o "$out" "${extra[@]}" ;;
      clang) clang --target=aarch64-linux-gnu -fuse-ld=lld "${common[@]}" "$fx/src/$src" -o "$out" "${extra[@]}" ;;
      asm) aarch64-linux-gnu-gcc -static -Wl,--build-id=sha1 "$fx/src/$src" -o "$out" "${extra[@]}" ;;
      *) echo "build-fixtures: $bin: unknown toolchain '$toolchain'" >&2; exit 1 ;;
    esac
    aarch64-linux-gnu-strip --strip-debug "$out"
  done <"$fx/builds.tsv"
  {
    echo "# Toolchain that built fixtures/bin (scripts/build-fixtures.sh)"
    aarch64-linux-gnu-gcc --version | head -n 1
    clang --version | head -n 1
    aarch64-linux-gnu-ld --version | head -n 1
    dpkg-query -W -f='${Package} ${Version}\n' libc6-dev-arm64-cross musl-dev:arm64 2>/dev/null || true
    qemu-aarch64 --version | head -n 1
  } >"$fx/TOOLCHAIN.txt"
fi

mkdir -p "$fx/golden"
rm -f "$fx"/golden/*.stdout "$fx"/golden/*.stderr "$fx"/golden/*.exit
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
while IFS=$'\t' read -r run bin input args files; do
  case "$run" in ''|'#'*) continue ;; esac
  read -r -a argv <<<"${args:-}"
  stdin=/dev/null
  [ "$input" != "-" ] && stdin="$fx/input/$input"
  cwd="$scratch/$run"
  mkdir -p "$cwd"
  # Fixture binaries the run execs: the host kernel cannot start an AArch64 ELF itself (no
  # binfmt_misc here), so each is a script handing it to the same qemu, as binfmt_misc would.
  IFS=',' read -r -a placed <<<"${files:-}"
  for entry in "${placed[@]}"; do
    printf '#!/bin/sh\nexec qemu-aarch64 -cpu cortex-a53 -0 "$0" "%s" "$@"\n' "$fx/bin/${entry#*=}" \
      >"$cwd/${entry%%=*}"
    chmod 755 "$cwd/${entry%%=*}"
  done
  set +e
  (cd "$cwd" && env -i timeout 60 qemu-aarch64 -cpu cortex-a53 -0 "$bin" "$fx/bin/$bin" "${argv[@]}" \
    <"$stdin" >"$fx/golden/$run.stdout" 2>"$fx/golden/$run.stderr")
  echo $? >"$fx/golden/$run.exit"
  set -e
done <"$fx/runs.tsv"
echo "build-fixtures: $(ls "$fx/bin" | wc -l) binaries, $(ls "$fx"/golden/*.exit | wc -l) goldens"
