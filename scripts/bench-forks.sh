#!/usr/bin/env bash
# Fork benchmark: a recompiled program forks N children (default 1000) that exit at once and reaps
# each; prints the wall time per round (compilation excluded). The issue's bar: 1,000 in under 10 s.
# Usage: scripts/bench-forks.sh [N]   (builds recomp-lift's test classes first)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile -pl modules/recomp-lift -am
java_bin="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
cp="modules/recomp-lift/target/classes:modules/recomp-lift/target/test-classes"
for m in recomp-isa recomp-intake recomp-runtime-abi; do cp="$cp:modules/$m/target/classes"; done
cp="$cp:$(ls ~/.m2/repository/com/fasterxml/jackson/core/jackson-databind/*/jackson-databind-*.jar | grep -v sources | tail -1)"
cp="$cp:$(ls ~/.m2/repository/com/fasterxml/jackson/core/jackson-core/*/jackson-core-*.jar | grep -v sources | tail -1)"
cp="$cp:$(ls ~/.m2/repository/com/fasterxml/jackson/core/jackson-annotations/*/jackson-annotations-*.jar | grep -v sources | tail -1)"
cp="$cp:$(ls ~/.m2/repository/com/fasterxml/jackson/dataformat/jackson-dataformat-toml/*/jackson-dataformat-toml-*.jar | grep -v sources | tail -1)"
exec "$java_bin" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.recomp.lift.jvm.ForkBenchmark . "${1:-1000}"
