#!/usr/bin/env bash
# Regenerates schemas/examples/validation-report.example.json from the generated fixture captures
# in ReportTest (the test then checks the committed example is byte-identical to what the validator
# writes). Run after changing a check, the report layout or the default gates.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q verify -pl modules/recomp-validation -am \
  -Dtest=ReportTest -Dsurefire.failIfNoSpecifiedTests=false -Drecomp.update.examples=true
git --no-pager diff --stat -- schemas/examples/validation-report.example.json
