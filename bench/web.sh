#!/usr/bin/env bash
# Benchmark of the check page (run by hand, not by the tests): starts ./leakcheck demo with
# 50,000 synthetic patients, then times 20 checks in headless Chromium (/usr/bin/chromium), from
# the click to the rendered result. Last line:
#   web: check_p50_ms=N check_p95_ms=N js_kb_gzip=N
# Targets: check_p50_ms <= 150, js_kb_gzip <= 60.
# Options (environment): PATIENTS (50000), PORT (a free one), LEAKCHECK_DEMO (./leakcheck).
set -euo pipefail
cd "$(dirname "$0")/.."

PATIENTS="${PATIENTS:-50000}"
PORT="${PORT:-$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
DATA_DIR="$(mktemp -d -t leakcheck-bench-web-XXXXXX)"
LOG="$DATA_DIR/demo.log"

# The demo builds the site itself, pinned to its own key (website/build.mjs --public-key).
(cd website && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --ignore-scripts --no-audit --no-fund; })

"${LEAKCHECK_DEMO:-./leakcheck}" demo --patients "$PATIENTS" --port "$PORT" --data-dir "$DATA_DIR" >"$LOG" 2>&1 &
DEMO_PID=$!
stop_demo() {
  if kill -0 "$DEMO_PID" 2>/dev/null; then
    kill -TERM "$DEMO_PID"
    wait "$DEMO_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA_DIR"
}
trap stop_demo EXIT

echo "bench: starting the demo with $PATIENTS patients on port $PORT"
for _ in $(seq 1 900); do
  if grep -q "ready: http://localhost:$PORT/" "$LOG"; then break; fi
  if ! kill -0 "$DEMO_PID" 2>/dev/null; then echo "bench: the demo stopped:"; tail -20 "$LOG"; exit 1; fi
  sleep 1
done
grep -q "ready: http://localhost:$PORT/" "$LOG" || { echo "bench: the demo was not ready after 15 minutes"; exit 1; }

node website/bench/check-latency.js "http://127.0.0.1:$PORT/" "$DATA_DIR/known-answers.json"
