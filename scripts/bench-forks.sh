#!/usr/bin/env bash
# Fork benchmark: a recompiled program (fixtures/bin/forks-musl-O2) forks N children (default
# 1000) that exit at once and reaps each; prints the wall time per round, compilation excluded.
# The issue's bar: 1,000 in under 10 s.
# Usage: scripts/bench-forks.sh [N]   (builds recomp-lift's test classes first)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -pl modules/recomp-lift -am \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java_bin="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
m=modules/recomp-lift/target
cp="$m/classes:$m/test-classes:$(cat "$m/bench.classpath")"
exec "$java_bin" --enable-native-access=ALL-UNNAMED \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$cp" dev.recomp.lift.jvm.ForkBenchmark . "${1:-1000}"
