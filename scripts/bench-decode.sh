#!/usr/bin/env bash
# JMH benchmark of recomp-isa's decode throughput (modules/recomp-isa/src/jmh/java, built only
# under the Maven profile -Pbench). Prints JMH's result table; scores are in ops/us, and one op is
# one instruction, so they read as million instructions per second on one thread.
#
# Usage: scripts/bench-decode.sh [JMH options...]
#   e.g. scripts/bench-decode.sh DecodeBenchmark.decode -prof stack
#        scripts/bench-decode.sh -p listing=fixtures/objdump/compute-clang-O2.tsv.gz
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. "$root/scripts/lib/jdk.sh"
java_home="$(recomp_find_jdk25)"

./mvnw -B -q -Pbench test-compile -pl modules/recomp-isa
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -q -Pbench dependency:build-classpath -pl modules/recomp-isa \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
module="$root/modules/recomp-isa/target"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java_home/bin/java" -cp "$module/test-classes:$module/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main -prof dev.recomp.isa.CpuTimeProfiler "${@:-DecodeBenchmark}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
