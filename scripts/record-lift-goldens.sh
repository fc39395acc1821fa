#!/usr/bin/env bash
# Re-records modules/recomp-lift/src/test/resources/goldens/a64.golden from a64-forms.txt by
# running every form under qemu-aarch64 -cpu cortex-a53 (scripts/lift-oracle.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q verify -Pdifferential -pl modules/recomp-lift -am \
  -Dtest=RecordLiftGoldens -Dsurefire.failIfNoSpecifiedTests=false -Drecomp.lift.record=true \
  -Dspotless.check.skip=true
echo "goldens: modules/recomp-lift/src/test/resources/goldens/a64.golden"
