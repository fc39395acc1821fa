# Sourced by ./mvnw, ./recomp and ./recomp-validation: finds a JDK 25 without
# anything exported. Order: $RECOMP_JAVA_HOME, $JAVA_HOME, then the system's
# standard JVM directories. A JDK qualifies when its `release` file says 25.
recomp_jdk_major() {
  local release="$1/release" v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$release" ] || return 1
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  [ -n "$v" ] && echo "$v"
}

recomp_find_jdk25() {
  local candidate
  for candidate in "${RECOMP_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    if [ "$(recomp_jdk_major "$candidate")" = "25" ]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "recomp: no JDK 25 found (looked at \$RECOMP_JAVA_HOME, \$JAVA_HOME and /usr/lib/jvm/*); install one, e.g. Temurin 25, or point RECOMP_JAVA_HOME at it" >&2
  return 1
}
