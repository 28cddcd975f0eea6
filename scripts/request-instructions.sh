#!/bin/sh
# Counts the instructions a packaged function runs per warm invocation, thread by thread: a measure of the
# per-request work that does not drift with the machine the way times do.
#
#   scripts/request-instructions.sh [--invocations N] [--event FILE] [NAME=FUNCTION_DIR]...
#
# Each function directory (default: this=examples/users-api/target/function, as `thaw package` made it)
# runs twice under valgrind's callgrind (--separate-threads=yes) with its own bootstrap, flags and AOT
# cache, against a small fake Runtime API that hands out FILE (default: the golden HTTP API v2 GET event of
# thaw-testkit) as every invocation: once for 2 invocations, once for 2 + N (default 200). The difference
# divided by N is each thread's instruction count per invocation over invocations 3 to N + 2, the window
# of the warm budget. Callgrind thread 2 is the JVM's main thread (the launcher's thread 1 only starts the
# VM); the others are the JIT compiler, the deadline guard's worker and the JVM's service threads, whose
# counts depend on when compiles happen. Kernel work (system calls) is not counted. Two runs of one package
# agree within ~2 % on an otherwise idle machine; the main thread's count still depends a little on how
# far the compiler got meanwhile, so compare packages measured together, in one call.
#
# Needs valgrind and python3; takes ~40 s per function.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=200
EVENT=$ROOT/thaw-testkit/src/main/resources/dev/thaw/testkit/events/apigw-v2-get.json
FUNCTIONS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --invocations) N=$2; shift 2 ;;
    --event) EVENT=$2; shift 2 ;;
    *=*) FUNCTIONS="$FUNCTIONS $1"; shift ;;
    *) echo "request-instructions: unknown argument '$1'; usage: scripts/request-instructions.sh [--invocations N] [--event FILE] [NAME=FUNCTION_DIR]..." >&2; exit 2 ;;
  esac
done
[ -n "$FUNCTIONS" ] || FUNCTIONS="this=$ROOT/examples/users-api/target/function"
case "$N" in '' | *[!0-9]* | 0) echo "request-instructions: --invocations takes a positive number, not '$N'" >&2; exit 2 ;; esac
command -v valgrind >/dev/null 2>&1 || { echo "request-instructions: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "request-instructions: python3 is not installed" >&2; exit 1; }
[ -f "$EVENT" ] || { echo "request-instructions: no event file $EVENT" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The fake Runtime API: GET .../next hands out the event until `limit` invocations were served, then
# holds the request; POST .../response answers 202. It writes how many it served to `count`.
cat > "$WORK/runtime_api.py" <<'PY'
import http.server, os, socketserver, sys, time
port, limit, event_file, count_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
EVENT = open(event_file, 'rb').read()
served = [0]
class Api(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *args):
        pass
    def do_GET(self):
        if served[0] >= limit:
            time.sleep(3600)
            return
        served[0] += 1
        self.send_response(200)
        self.send_header('Lambda-Runtime-Aws-Request-Id', 'req-%d' % served[0])
        self.send_header('Lambda-Runtime-Deadline-Ms', str(int(time.time() * 1000) + 600000))
        self.send_header('Lambda-Runtime-Invoked-Function-Arn', 'arn:aws:lambda:us-east-1:123456789012:function:f')
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(EVENT)))
        self.end_headers()
        self.wfile.write(EVENT)
        self.wfile.flush()
        with open(count_file + '.tmp', 'w') as out:
            out.write(str(served[0]))
        os.replace(count_file + '.tmp', count_file)
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', '0')))
        self.send_response(202)
        self.send_header('Content-Length', '0')
        self.end_headers()
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
Server(('127.0.0.1', port), Api).serve_forever()
PY

# Runs the patched copy $1 for $2 invocations, callgrind output to $3.*
run() {
  dir=$1; count=$2; out=$3
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo 0 > "$out.count"
  python3 "$WORK/runtime_api.py" "$port" "$count" "$EVENT" "$out.count" &
  api=$!
  sleep 0.3
  CALLGRIND_OUT=$out.cg AWS_LAMBDA_RUNTIME_API=127.0.0.1:$port AWS_LAMBDA_FUNCTION_NAME=f \
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512 "$dir/bootstrap" > "$out.log" 2>&1 &
  fn=$!
  waited=0
  while [ "$(cat "$out.count")" -lt "$count" ]; do
    if ! kill -0 "$fn" 2>/dev/null; then
      kill "$api" 2>/dev/null || true
      echo "request-instructions: the function ended after $(cat "$out.count") of $count invocations; its output:" >&2
      tail -20 "$out.log" >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
    [ "$waited" -lt 6000 ] || { echo "request-instructions: gave up waiting for $count invocations" >&2; exit 1; }
  done
  # the last event was handed out: let its answer be posted and the next poll arrive
  sleep 2
  kill -TERM "$fn" 2>/dev/null || true
  wait "$fn" 2>/dev/null || true
  kill "$api" 2>/dev/null || true
  wait "$api" 2>/dev/null || true
}

for spec in $FUNCTIONS; do
  name=${spec%%=*}
  dir=${spec#*=}
  [ -f "$dir/bootstrap" ] || { echo "request-instructions: $dir has no bootstrap (package it with thaw package)" >&2; exit 1; }
  copy=$WORK/$name
  # -p keeps the modification times the AOT cache was trained with
  cp -Rp "$dir" "$copy"
  sed 's|^\( *\)exec "\$JAVA"|\1exec valgrind --tool=callgrind --separate-threads=yes --smc-check=all-non-file --callgrind-out-file="$CALLGRIND_OUT" "$JAVA"|' \
    "$dir/bootstrap" > "$copy/bootstrap"
  grep -q 'exec valgrind' "$copy/bootstrap" \
    || { echo "request-instructions: $dir/bootstrap has no 'exec \"\$JAVA\"' line to run under valgrind" >&2; exit 1; }
  echo "request-instructions: $name: 2 invocations, then $((N + 2)), under callgrind" >&2
  run "$copy" 2 "$WORK/$name-a"
  run "$copy" $((N + 2)) "$WORK/$name-b"
  python3 - "$name" "$N" "$WORK/$name-a.cg" "$WORK/$name-b.cg" <<'PY'
import glob, re, sys
name, n, a_prefix, b_prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def counts(prefix):
    threads = {}
    for path in glob.glob(prefix + '*'):
        text = open(path).read()
        total = re.search(r'^(?:summary|totals): (\d+)', text, re.M)
        thread = re.search(r'^thread: (\d+)', text, re.M)
        threads[int(thread.group(1)) if thread else 1] = int(total.group(1)) if total else 0
    return threads
a, b = counts(a_prefix), counts(b_prefix)
if not a or not b:
    sys.exit('request-instructions: callgrind wrote no output for ' + name)
rows = sorted(((b.get(t, 0) - a.get(t, 0)) / n, t) for t in set(a) | set(b))
main = (b.get(2, 0) - a.get(2, 0)) / n
print('%s: main thread %.0f instructions per invocation (to the first answer and one more: %.1f M)'
      % (name, main, a.get(2, 0) / 1e6))
for per, thread in reversed(rows):
    if thread != 2 and abs(per) >= 0.01 * main:
        print('%s:   thread %d %.0f per invocation' % (name, thread, per))
PY
done
