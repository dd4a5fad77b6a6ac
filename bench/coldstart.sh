#!/usr/bin/env bash
# Cold start of the two Lambda handlers, measured the way Lambda starts them without SnapStart:
# a fresh JVM per run loads the shaded jar, runs the handler's no-argument constructor (config
# from the environment, as in Lambda) and answers one API Gateway event. The time is from the
# moment the JVM is started to the moment the answer exists, median of RUNS runs (default 7).
# The yardstick is a minimal handler that returns a constant, run the same way from the same jar.
#
#   bench/coldstart.sh            (LEAKCHECK_TARGET=target-x to use another build folder, RUNS=N)
#
# JVM flags are Lambda's defaults for Java runtimes (-XX:TieredStopAtLevel=1); override with
# JAVA_OPTS. The evaluate handler answers a batch of Q = 4 elements with its proof (protocol v2);
# the buckets handler reads /v2/info's manifests and one bucket of a dynalite table on loopback
# with 2,000 synthetic patients, configured with the public key only.
# Last line:  coldstart: evaluate_ms=N buckets_ms=N baseline_ms=N ratio=N jar_mb=N
# where ratio = max(evaluate_ms, buckets_ms) / baseline_ms. Targets: ratio <= 4, jar_mb <= 15.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${LEAKCHECK_TARGET:-target}"
VERSION="1.0.0-SNAPSHOT"
JAR="$ROOT/function/$TARGET/function-lambda.jar"
LOADER="$ROOT/loader/$TARGET/loader-$VERSION-cli.jar"
DYNALITE="$ROOT/testkit/node_modules/dynalite/cli.js"
RUNS="${RUNS:-7}"
JAVA_OPTS="${JAVA_OPTS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1}"

if [[ ! -f "$JAR" || ! -f "$LOADER" ]]; then
  echo "coldstart: building the jars..." >&2
  (cd "$ROOT" && mvn -B -q -ntp -DskipTests "-Dleakcheck.target=$TARGET" package -pl loader,function -am)
fi
if [[ ! -f "$DYNALITE" ]]; then
  (cd "$ROOT/testkit" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
fi

WORK="$(mktemp -d)"
DYNALITE_PID=""
cleanup() {
  # dynalite dies of the TERM (status 143): with set -e that status must not become the script's.
  if [[ -n "$DYNALITE_PID" ]]; then
    kill "$DYNALITE_PID" 2>/dev/null || true
    wait "$DYNALITE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# dynalite in memory on a free loopback port.
for attempt in 1 2 3 4 5; do
  PORT=$((20000 + RANDOM % 40000))
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && continue
  node "$DYNALITE" --host 127.0.0.1 --port "$PORT" >"$WORK/dynalite.log" 2>&1 &
  DYNALITE_PID=$!
  for _ in $(seq 1 100); do
    grep -q "listening" "$WORK/dynalite.log" && break
    kill -0 "$DYNALITE_PID" 2>/dev/null || break
    sleep 0.1
  done
  grep -q "listening" "$WORK/dynalite.log" && break
  DYNALITE_PID=""
done
[[ -n "$DYNALITE_PID" ]] || { echo "coldstart: dynalite did not start" >&2; exit 2; }
ENDPOINT="http://127.0.0.1:$PORT"

echo "coldstart: loading 2,000 synthetic patients into dynalite at $ENDPOINT" >&2
java -jar "$LOADER" keygen --out "$WORK/key.json" >/dev/null 2>&1
java -jar "$LOADER" generate --records 2000 --seed 1 --output "$WORK/leak.csv" \
  --known-answers "$WORK/answers.json" >/dev/null
java -jar "$LOADER" load --input "$WORK/leak.csv" --dataset coldstart --key "$WORK/key.json" \
  --disclosure membership --served-until "$(date -u -d '+1 year' +%Y-%m-%d)" \
  --notice "$ROOT/loader/src/main/resources/org/leakcheck/loader/demo/notice.json" \
  --factor-label "$ROOT/loader/src/main/resources/org/leakcheck/loader/demo/factor-label.json" \
  --table coldstart --endpoint "$ENDPOINT" --create-table --report "$WORK/report.json" >/dev/null 2>&1
# The served load and its last bucket, from the load report: the bucket the buckets handler reads.
BUCKET_PATH=$(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`/v2/buckets/coldstart/${r.loadId}/${r.buckets - 1}`);' "$WORK/report.json")

javac -d "$WORK/classes" -cp "$JAR" "$ROOT"/bench/coldstart/*.java

# What the Lambda runtime gives the functions; the credentials are dummies for dynalite.
export AWS_REGION=eu-west-3 AWS_ACCESS_KEY_ID=coldstart AWS_SECRET_ACCESS_KEY=coldstart
LEAKCHECK_PUBLIC_KEY="$(cat "$WORK/key.pub.json")"
export LEAKCHECK_KEY_FILE="$WORK/key.json" LEAKCHECK_PUBLIC_KEY LEAKCHECK_TABLE=coldstart LEAKCHECK_DYNAMODB_ENDPOINT="$ENDPOINT"

# Milliseconds from JVM start to the answer of one fresh JVM running handler $1.
one_run() {
  local start out answered
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  out=$(java $JAVA_OPTS -cp "$JAR:$WORK/classes" ColdStart "$1" "$BUCKET_PATH" 2>/dev/null | grep '^answered_epoch_us=') \
    || { echo "coldstart: the $1 handler failed" >&2; exit 2; }
  answered=${out#answered_epoch_us=}
  echo $(( (answered - start / 1000) / 1000 ))
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

declare -A MS
for kind in baseline evaluate buckets; do
  one_run "$kind" >/dev/null   # the first JVM of a kind also warms the OS page cache
  runs=()
  for _ in $(seq 1 "$RUNS"); do
    runs+=("$(one_run "$kind")")
  done
  MS[$kind]=$(printf '%s\n' "${runs[@]}" | median)
  echo "coldstart: $kind runs (ms): ${runs[*]} -> median ${MS[$kind]}" >&2
done

worst=$(( MS[evaluate] > MS[buckets] ? MS[evaluate] : MS[buckets] ))
ratio=$(awk -v w="$worst" -v b="${MS[baseline]}" 'BEGIN { printf "%.1f", w / b }')
jar_mb=$(awk -v s="$(stat -c %s "$JAR")" 'BEGIN { printf "%.1f", s / 1048576 }')
echo "coldstart: evaluate_ms=${MS[evaluate]} buckets_ms=${MS[buckets]} baseline_ms=${MS[baseline]} ratio=$ratio jar_mb=$jar_mb"
