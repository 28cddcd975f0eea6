#!/bin/bash
# usage: run.sh NAME PORT  -- the server must already listen on PORT; PIDS env: the pids whose RSS counts
NAME=$1; PORT=$2
tree() { echo $1; for c in $(pgrep -P $1); do tree $c; done; }
rss() { local t=0; for p in $(for r in $(cat ${PIDS_DIR:-/tmp/loadbench}/$NAME.pids); do tree $r; done | sort -u); do r=$(ps -o rss= -p $p 2>/dev/null); t=$((t + ${r:-0})); done; echo $t; }
curl -s -o /dev/null -w "%{http_code}\n" http://127.0.0.1:$PORT/users/42
echo "RSS before warm-up KiB: $(rss)"
wrk -t2 -c32 -d5s http://127.0.0.1:$PORT/users/42 > /dev/null
echo "RSS after warm-up KiB: $(rss)"
for i in 1 2 3; do
  echo "== run $i"
  wrk -t2 -c32 -d20s --latency http://127.0.0.1:$PORT/users/42 | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors|requests in"
  echo "RSS KiB: $(rss)"
done
