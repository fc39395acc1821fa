#!/usr/bin/env bash
# JMH microbenchmarks of the runtime paths generated code calls most: guest memory accesses,
# indirect calls through the dispatch table against direct calls, and condition flags
# (modules/recomp-lift/src/jmh/java, built only under the Maven profile -Pbench). Prints JMH's
# result table in ops/us (1000 / score = ns per operation) and, from recomp-isa's
# CpuTimeProfiler, the same per CPU microsecond of the benchmark process, which is steadier on a
# busy machine. docs/runtime-benchmarks.md describes each benchmark.
#
# Usage: scripts/bench-runtime.sh [JMH options...]   (default: all three benchmark classes)
#   e.g. scripts/bench-runtime.sh DispatchBenchmark
#        scripts/bench-runtime.sh -f 1 -wi 2 -i 3 -w 1s -r 1s
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. "$root/scripts/lib/jdk.sh"
java_home="$(recomp_find_jdk25)"

cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
# One invocation, so that the reactor resolves recomp-isa and recomp-runtime-abi to their freshly
# compiled classes; lift is built last, so the classpath file ends up holding its classpath.
./mvnw -B -q -Pbench test-compile dependency:build-classpath -pl modules/recomp-lift -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
lift="$root/modules/recomp-lift/target"
# recomp-isa's test classes come last: they supply the CpuTimeProfiler, while lift's
# META-INF/BenchmarkList, earlier on the classpath, is the list JMH reads.
classpath="$lift/test-classes:$lift/classes:$(cat "$cp_file"):$root/modules/recomp-isa/target/test-classes"
args=("$@")
if [ ${#args[@]} -eq 0 ] || [[ "${args[0]}" == -* ]]; then
  args=('dev\.recomp\.lift\.jvm\.(MemoryAccess|Dispatch|FlagPacking)Benchmark' "${args[@]}")
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java_home/bin/java" -cp "$classpath" org.openjdk.jmh.Main \
  -prof dev.recomp.isa.CpuTimeProfiler "${args[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
