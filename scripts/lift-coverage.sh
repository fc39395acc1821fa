#!/usr/bin/env bash
# Writes docs/lift-coverage.md: decoder encoding-table rows vs the lifter's semantics.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
jdk="$(recomp_find_jdk25)"
./mvnw -B -q compile -pl modules/recomp-lift -am
cp="modules/recomp-isa/target/classes:modules/recomp-runtime-abi/target/classes:modules/recomp-lift/target/classes"
for dep in modules/recomp-intake/target/classes; do [[ -d "$dep" ]] && cp="$cp:$dep"; done
"$jdk/bin/java" -cp "$cp" dev.recomp.lift.LiftCoverage docs/lift-coverage.md
echo "wrote docs/lift-coverage.md"
