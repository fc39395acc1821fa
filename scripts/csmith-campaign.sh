#!/usr/bin/env bash
# The Csmith campaign of the lift issue: CsmithDifferentialTest over seeds FIRST .. FIRST+COUNT-1,
# each built six ways ({gcc -O0, gcc -O2, clang -O2} x {glibc, musl}), the recompiled checksum
# and exit status compared with qemu-aarch64's. CI runs 4 seeds; this runs the whole campaign
# (300 seeds took about two hours on 2 cores) and summarizes Surefire's report: programs passed,
# dropped (over 10 s under qemu, or output that changes with the environment under qemu) and
# failed, each dropped or failed one by seed and build.
#
# Usage: scripts/csmith-campaign.sh [FIRST [COUNT]]     (default 1 300)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
first="${1:-1}"
count="${2:-300}"
cd "$root"
./mvnw -B -q verify -pl modules/recomp-lift -am -Pdifferential -Dspotless.check.skip=true \
  -Dtest=CsmithDifferentialTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcsmith.first="$first" -Dcsmith.seeds="$count" >/dev/null 2>&1
status=$?
report="$root/modules/recomp-lift/target/surefire-reports/TEST-dev.recomp.lift.jvm.CsmithDifferentialTest.xml"
[ -f "$report" ] || { echo "csmith-campaign: no test report (build failed?); rerun the Maven command by hand" >&2; exit 1; }
tests=$(grep -o 'tests="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
skipped=$(grep -o 'skipped="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
failures=$(grep -o 'failures="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
errors=$(grep -o 'errors="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
echo "csmith campaign: seeds $first..$((first + count - 1)), $tests programs:" \
  "$((tests - skipped - failures - errors)) match qemu, $skipped dropped, $((failures + errors)) failed"
grep -o 'seed [0-9]* [A-Z0-9_]*: [^<]*dropped' "$report" | sed 's/^/  dropped: /' | sort -k3,3n -k4,4
grep -A1 -E '<(failure|error)' "$report" | grep -o 'seed [0-9]* [A-Z0-9_]*:.*' | sed 's/^/  FAILED: /'
exit "$status"
