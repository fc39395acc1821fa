#!/usr/bin/env bash
# Shared body of the ./recomp and ./recomp-validation launchers: (re)builds the shaded
# CLI jar when it is missing or older than any source, then runs MAIN_CLASS on a JDK 25.
# Usage: launch.sh MAIN_CLASS [ARGS...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
main_class="$1"
shift
. "$root/scripts/lib/jdk.sh"
jdk="$(recomp_find_jdk25)" || exit 1

target="$root/modules/recomp-cli/target"
# The shaded jar's name carries the version; the newest one wins.
newest_jar() { ls -t "$target"/recomp-cli-*-all.jar 2>/dev/null | head -n 1 || true; }
jar="$(newest_jar)"
jar="${jar:-$target/recomp-cli-all.jar}"

stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root"/modules/*/pom.xml "$root"/modules/*/src/main "$root/schemas" \
    -newer "$jar" -print -quit 2>/dev/null)" ]
}

if stale; then
  mkdir -p "$target"
  exec 9>"$target/.launcher-build.lock"
  flock 9
  if stale; then
    echo "recomp: building the CLI jar (missing or older than the sources)..." >&2
    log="$target/launcher-build.log"
    if ! JAVA_HOME="$jdk" "$root/mvnw" -B -q -f "$root/pom.xml" -pl modules/recomp-cli -am \
      -DskipTests -Dspotless.check.skip=true package >"$log" 2>&1; then
      echo "recomp: building the CLI jar failed; the Maven output is in $log" >&2
      exit 1
    fi
    jar="$(newest_jar)"
  fi
  exec 9>&-
fi

# A class-data-sharing archive beside the jar (rebuilt by the JVM when the jar changes) cuts the
# start-up of every command by about a third.
exec "$jdk/bin/java" --enable-native-access=ALL-UNNAMED \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -XX:+AutoCreateSharedArchive \
  -XX:SharedArchiveFile="$target/recomp-cli.jsa" -Xshare:auto -Xlog:cds*=off -Xlog:class+path=off -cp "$jar" "$main_class" "$@"
