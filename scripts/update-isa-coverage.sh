#!/usr/bin/env bash
# Regenerates docs/isa-coverage.md: runs recomp-isa's golden comparison test, which writes the
# report to modules/recomp-isa/target/isa-coverage.md, and copies it into docs/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -B -q test -pl modules/recomp-isa -Dtest=GoldenListingTest -Dsurefire.failIfNoSpecifiedTests=false
mkdir -p docs
cp modules/recomp-isa/target/isa-coverage.md docs/isa-coverage.md.tmp
mv -f docs/isa-coverage.md.tmp docs/isa-coverage.md
echo "docs/isa-coverage.md updated"
