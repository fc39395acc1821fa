#!/usr/bin/env bash
# Times a no-op re-run of `recomp automate` on examples/hello (every available stage cached):
# one warm-up run, then N timed re-runs of the whole command (JVM start included); prints each
# wall time and the median.
# Usage: scripts/bench-automate-noop.sh [N]   (default 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-5}"
config="$root/examples/hello/automation.toml"
"$root/recomp" automate --config "$config" >/dev/null 2>&1 || true   # warm-up: build jar, fill cache
times=()
for i in $(seq "$n"); do
  start=$(date +%s%N)
  "$root/recomp" automate --config "$config" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "no-op re-run of examples/hello: median ${median} ms over $n runs (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
