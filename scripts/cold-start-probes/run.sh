#!/bin/bash
# Times start-up steps of the packaged users-api inside one JVM, with the package's runtime and AOT
# cache: the probes are appended to the class path, which an AOT cache allows (its class path must be a
# prefix of the one at run time). Used for docs/cold-start.md ("where the time goes now").
# usage: scripts/cold-start-probes/run.sh [AppStartProbe|JsonbStartProbe|LogLineProbe] [RUNS]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PROBE="${1:-JsonbStartProbe}"; RUNS="${2:-5}"
F="$ROOT/examples/users-api/target/function"
[ -f "$F/app.aot" ] || { echo "package first: ./thaw package examples/users-api" >&2; exit 1; }
CP="$(grep -o "\-cp '[^']*'" "$F/bootstrap" | tail -1 | sed "s/-cp '//; s/'//")"
OUT="$(mktemp -d)"
cd "$F"
"$F/runtime/bin/javac" -version >/dev/null 2>&1 && JAVAC="$F/runtime/bin/javac" || JAVAC="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/javac"
"$JAVAC" --release 21 -nowarn -cp "$CP" -d "$OUT" "$HERE/$PROBE.java"
for _ in $(seq "$RUNS"); do
  # only the probe's own result line (the app's log and metrics lines go to stdout too)
  runtime/bin/java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:AOTCache=app.aot -cp "$CP:$OUT" \
    "dev.thaw.examples.users.$PROBE" 2>&1 | grep ' us' | grep -v '^{' || true
done
rm -rf "$OUT"
