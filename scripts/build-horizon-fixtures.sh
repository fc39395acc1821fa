#!/usr/bin/env bash
# Builds the Horizon fixture programs (fixtures/horizon/src) and records their goldens:
#   fixtures/horizon/bin/<name>.elf    the Switch-module-shaped PIE (SVC layer hos-horizon.S)
#   fixtures/horizon/bin/<name>.nro    packed by scripts/lib/switch-pack.py
#   fixtures/horizon/bin/<name>.nso    packed likewise, LZ4-compressed segments with SHA-256
#   fixtures/horizon/bin/<name>-linux  the same program logic over a Linux SVC shim (hos-linux.c)
#   fixtures/horizon/golden/<name>.stdout, .exit
#                                      what <name>-linux printed under qemu-aarch64 -cpu cortex-a53:
#                                      the oracle for the OutputDebugString stream of the NRO/NSO
# qemu cannot run Horizon binaries, so the oracle is the identical program logic on Linux.
# Usage: scripts/build-horizon-fixtures.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fx="$root/fixtures/horizon"
for tool in aarch64-linux-gnu-gcc qemu-aarch64 python3; do
  command -v "$tool" >/dev/null || { echo "build-horizon-fixtures: $tool missing; run scripts/install-oracles.sh" >&2; exit 1; }
done
cflags=(-O2 -ffreestanding -nostdlib -fno-builtin -fno-stack-protector -fno-asynchronous-unwind-tables
  -fno-unwind-tables -g0 -fno-ident -Wall -Wextra -Werror -march=armv8-a -mno-outline-atomics
  "-ffile-prefix-map=$fx=." -Wl,--build-id=none -Wl,-z,max-page-size=0x1000)
src="$fx/src"
bin="$fx/bin"
mkdir -p "$bin" "$fx/golden"
for name in demo; do
  aarch64-linux-gnu-gcc "${cflags[@]}" -fPIE -pie -Wl,--no-dynamic-linker -Wl,-z,norelro \
    -Wl,--hash-style=sysv -T "$src/horizon.ld" "$src/$name.c" "$src/hos-horizon.S" -o "$bin/$name.elf"
  aarch64-linux-gnu-gcc "${cflags[@]}" -static -fno-pie -no-pie \
    "$src/$name.c" "$src/hos-linux.c" "$src/hos-linux-start.S" -o "$bin/$name-linux"
  python3 "$root/scripts/lib/switch-pack.py" nro "$bin/$name.elf" "$bin/$name.nro"
  python3 "$root/scripts/lib/switch-pack.py" nso "$bin/$name.elf" "$bin/$name.nso"
  set +e
  env -i timeout 60 qemu-aarch64 -cpu cortex-a53 "$bin/$name-linux" </dev/null >"$fx/golden/$name.stdout"
  echo $? >"$fx/golden/$name.exit"
  set -e
done
{
  echo "# Toolchain that built fixtures/horizon/bin (scripts/build-horizon-fixtures.sh)"
  aarch64-linux-gnu-gcc --version | head -n 1
  aarch64-linux-gnu-ld --version | head -n 1
  python3 --version
  qemu-aarch64 --version | head -n 1
} >"$fx/TOOLCHAIN.txt"
echo "build-horizon-fixtures: $(ls "$bin" | wc -l) files, goldens in $fx/golden"
