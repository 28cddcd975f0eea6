#!/usr/bin/env bash
# Renders a `thaw bench` report in headless Chromium and checks the picture is not blank, so the report's
# inline SVG chart is known to draw in a real browser without network access.
#   scripts/bench-screenshot.sh [REPORT_HTML] [OUT_PNG]
# Defaults: examples/users-api/target/bench/report.html -> next to it, report.png.
# Needs chromium (Debian: apt-get install -y chromium); not part of ./thaw test.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
REPORT="$(readlink -f "${1:-$ROOT/examples/users-api/target/bench/report.html}")"
PNG="${2:-$(dirname "$REPORT")/report.png}"
MIN_BYTES=20000

[ -f "$REPORT" ] || { echo "bench-screenshot: no report at $REPORT; run ./thaw bench first" >&2; exit 1; }
grep -q '<svg' "$REPORT" || { echo "bench-screenshot: $REPORT has no <svg> chart" >&2; exit 1; }
BROWSER="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$BROWSER" ] || { echo "bench-screenshot: no chromium on PATH; install it (apt-get install -y chromium)" >&2; exit 1; }

PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
rm -f "$PNG"
"$BROWSER" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$PROFILE" --screenshot="$PNG" --window-size=1200,900 \
  "file://$REPORT" >/dev/null 2>&1 || true

[ -s "$PNG" ] || { echo "bench-screenshot: chromium wrote no screenshot to $PNG" >&2; exit 1; }
SIZE=$(stat -c %s "$PNG")
# a blank 1200x900 page compresses to a few KB; text, table and coloured bars take far more
if [ "$SIZE" -lt "$MIN_BYTES" ]; then
  echo "bench-screenshot: $PNG is only $SIZE bytes: the page looks blank" >&2
  exit 1
fi
echo "bench-screenshot: $PNG ($SIZE bytes)"
