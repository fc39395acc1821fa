#!/usr/bin/env bash
# Guest memory hot-path microbenchmark: bare MemorySegment access vs GuestMemory's checked accessors.
# Usage: scripts/bench-guest-memory.sh   (builds the runtime module's test classes first)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile -pl modules/recomp-runtime-abi -am
java_bin="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
m=modules/recomp-runtime-abi/target
cp="$m/classes:$m/test-classes:modules/recomp-intake/target/classes"
exec "$java_bin" --enable-native-access=ALL-UNNAMED \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$cp" dev.recomp.runtime.GuestMemoryBenchmark
