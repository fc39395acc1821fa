#!/usr/bin/env bash
# Regenerates the generated documentation: docs/schemas/*.md (one page per JSON Schema in schemas/),
# schemas/examples/runtime-trace-manifest.example.json (what RuntimeTrace writes) and docs/cli.md
# (the usage of every recomp and recomp-validation command, from picocli). The same tests fail in
# `./mvnw verify` when a committed page is stale. Run after changing a schema or a command.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# First pass writes the pages (a link to a page the later module writes may fail here), second
# pass checks everything.
./mvnw -B -q verify -pl modules/recomp-cli -am \
  -Dtest='DocsTest,CliReferenceTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Drecomp.update.docs=true -Dspotless.check.skip=true -Dmaven.test.failure.ignore=true >/dev/null
./mvnw -B -q verify -pl modules/recomp-cli -am \
  -Dtest='DocsTest,CliReferenceTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dspotless.check.skip=true
git --no-pager diff --stat -- docs schemas/examples
