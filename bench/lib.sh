# Sourced by bench/run.sh and bench/compare.sh: the kernels, their repetition counts, and the
# timing and statistics helpers both scripts use.
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_out="$bench_root/bench/out"

# Repetitions per kernel: about 0.2-0.3 s of native work each on the reference machine, so that
# the steady state dominates start-up in the recompiled and qemu columns.
declare -A kernel_reps=(
  [crc32]=40 [sieve]=40 [matmul_i32]=200 [matmul_f64]=160 [nbody]=40 [strings]=100 [qsort]=2
)
kernels=(crc32 sieve matmul_i32 matmul_f64 nbody strings qsort)

bench_require_tools() {
  for tool in gcc aarch64-linux-gnu-gcc qemu-aarch64 bc git; do
    command -v "$tool" >/dev/null || { echo "bench: $tool missing; run scripts/install-oracles.sh" >&2; exit 1; }
  done
}

# Builds kernel $1 as a static AArch64 binary into bench/out.
bench_build_guest() {
  mkdir -p "$bench_out"
  aarch64-linux-gnu-gcc -O2 -static -o "$bench_out/$1.a64" "$bench_root/bench/src/$1.c" -lm
}

# Prints the wall seconds of one run of the command; its stdout must equal the expected answer.
time_one() {
  local expect="$1"; shift
  local start end got
  start=$(date +%s.%N)
  got="$("$@" 2>/dev/null)" || true
  end=$(date +%s.%N)
  if [ "$got" != "$expect" ]; then
    echo "bench: output differs for: $*" >&2
    echo "nan"
    return
  fi
  echo "$end - $start" | bc -l
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a=="nan"||b=="nan"||b==0) print "nan"; else printf "%.2f", a/b }'; }
