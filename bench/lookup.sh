#!/usr/bin/env bash
# Throughput and latency of the lookup API (protocol v2) through the local server (the Lambda
# handlers behind plain HTTP), with the demo's data: 50,000 synthetic patients in dynalite.
#
#   bench/lookup.sh     (LEAKCHECK_TARGET=target-x for another build folder; DURATION=20s; PATIENTS=50000)
#
# 1. runs `./leakcheck demo` (build, dynalite, key, generate + load unless already loaded) on a free port;
# 2. wrk, 16 connections for DURATION on each route, loopback only: POST /v2/evaluate with a batch
#    of Q = 4 valid blinded elements (the page's submission: four VOPRF evaluations and one proof),
#    GET /v2/buckets/{dataset}/{load}/{random bucket} of the demo's served load (every read goes to
#    dynalite: there is no CDN here);
# 3. measures in-process (no HTTP) the handlers' own cost: time per request minus the batched
#    VOPRF evaluation with its proof (evaluate) or the DynamoDB GetItem (buckets), averaged over
#    both routes.
# Last line:
#   lookup: evaluate_rps=N evaluate_p99_ms=N buckets_rps=N buckets_p99_ms=N errors=N handler_overhead_us=N
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${LEAKCHECK_TARGET:-target}"
JAR="$ROOT/function/$TARGET/function-lambda.jar"
DURATION="${DURATION:-20s}"
PATIENTS="${PATIENTS:-50000}"
DATA_DIR="${DATA_DIR:-$ROOT/.leakcheck}"
CONNECTIONS=16
# G, 2G, 3G and 4G of P-256: four valid blinded elements, a batch of the page's Q = 4.
ELEMENTS="A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW,A3zyexiNA09-ilI4AwS1GsPAiWnid_IbNaYLSPxHZpl4"
ELEMENTS+=",Al7L5NGmMwpEyPfvlR1L8WXmxrch762phftBZhvG5_1s,AuJTSjUy0I-7oC3eZZ7mK9ADH-LbeFWW71CTAkRrAwhS"
BODY="{\"blindedElements\":[\"${ELEMENTS//,/\",\"}\"]}"

if ! command -v wrk >/dev/null; then
  echo "lookup: installing wrk (Debian)" >&2
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi

WORK="$(mktemp -d)"
DEMO_PID=""
cleanup() {
  if [[ -n "$DEMO_PID" ]]; then
    kill -TERM "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=""
for _ in 1 2 3 4 5; do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
done
[[ -n "$PORT" ]] || { echo "lookup: no free port" >&2; exit 2; }

echo "lookup: starting the demo with $PATIENTS patients on port $PORT (first run: build and load)..." >&2
LEAKCHECK_TARGET="$TARGET" "$ROOT/leakcheck" demo --patients "$PATIENTS" --port "$PORT" --data-dir "$DATA_DIR" \
  >"$WORK/demo.log" 2>&1 &
DEMO_PID=$!
for _ in $(seq 1 1800); do
  grep -q '^ready:' "$WORK/demo.log" && break
  kill -0 "$DEMO_PID" 2>/dev/null || { cat "$WORK/demo.log" >&2; echo "lookup: the demo failed" >&2; exit 2; }
  sleep 1
done
grep -q '^ready:' "$WORK/demo.log" || { echo "lookup: the demo did not become ready" >&2; exit 2; }
DYNAMO=$(sed -n 's/.*dynalite listening on \(http:[^ ]*\).*/\1/p' "$WORK/demo.log" | head -1)
BASE="http://127.0.0.1:$PORT"
# The demo's dataset as /v2/info announces it: "id load bucketBits".
read -r DATASET LOAD BITS < <(curl -sf "$BASE/v2/info" | node -e '
  let t = ""; process.stdin.on("data", (c) => t += c).on("end", () => {
    const d = JSON.parse(t).datasets[0]; console.log(d.id, d.load, d.bucketBits); });')
[[ -n "${LOAD:-}" ]] || { echo "lookup: the demo serves no dataset" >&2; exit 2; }
echo "lookup: dataset $DATASET, load $LOAD, $((1 << BITS)) buckets" >&2

cat >"$WORK/evaluate.lua" <<LUA
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
LUA
cat >"$WORK/buckets.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/v2/buckets/$DATASET/$LOAD/" .. math.random(0, $(( (1 << BITS) - 1 ))))
end
LUA

# wrk's report -> "rps p99_ms errors"
summarize() {
  awk '
    /Requests\/sec:/ { rps = $2 }
    /^ +99%/ { v = $2; unit = v; gsub(/[0-9.]/, "", unit); gsub(/[a-z]/, "", v);
               p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : (unit == "m") ? v * 60000 : v }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) { n = $i; sub(",", "", n); errors += n } }
    END { printf "%d %.2f %d\n", rps, p99, errors }' "$1"
}

for route in evaluate buckets; do
  url="$BASE/v2/evaluate"
  [[ $route == buckets ]] && url="$BASE/v2/buckets/$DATASET/$LOAD/0"
  echo "lookup: wrk $route, $CONNECTIONS connections, $DURATION" >&2
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$WORK/$route.lua" "$url" >"$WORK/$route.txt"
  sed 's/^/  /' "$WORK/$route.txt" >&2
done
read -r EVAL_RPS EVAL_P99 EVAL_ERR < <(summarize "$WORK/evaluate.txt")
read -r BUCK_RPS BUCK_P99 BUCK_ERR < <(summarize "$WORK/buckets.txt")

# In-process handler overhead: same handler classes, no HTTP, against the demo's dynalite.
cat >"$WORK/HandlerOverhead.java" <<'JAVA'
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import software.amazon.awssdk.regions.Region;

import org.leakcheck.function.BatchLimit;
import org.leakcheck.function.BucketsHandler;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DynamoDbClients;

/** args: keyFile dynamoEndpoint table dataset load bits elements body. Prints "handler_overhead_us=N" (parts on stderr). */
public class HandlerOverhead {
    static final int N = 1500;

    public static void main(String[] args) throws Exception {
        KeyMaterial key = KeyFiles.readSecret(Path.of(args[0]));
        BucketTable table = new BucketTable(DynamoDbClients.create(Region.EU_WEST_3, DynamoDbClients.localCredentials(),
                Optional.of(java.net.URI.create(args[1])), DynamoDbClients.REQUEST_TIMEOUT), args[2]);
        DatasetLoad load = DatasetLoad.of(args[3], args[4], Integer.parseInt(args[5]));
        HttpSettings http = HttpSettings.of(Optional.empty(), line -> { });
        EvaluateHandler evaluate = new EvaluateHandler(key, BatchLimit.page(), http);
        BucketsHandler buckets = new BucketsHandler(table,
                BucketsConfig.of(key.publicKey(), BatchLimit.page()), http);
        List<byte[]> elements = new ArrayList<>();
        for (String e : args[6].split(",")) {
            elements.add(Base64Url.decode(e));
        }
        APIGatewayProxyRequestEvent post = new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/v2/evaluate")
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(args[7]);
        String prefix = "/v2/buckets/" + load.datasetId() + "/" + load.loadIdHex() + "/";
        int count = load.bucketCount();

        // Handler and core alternate, request by request, so that drift (JIT, GC, the machine's
        // other work) hits both alike; the median of the differences resists outliers.
        double[] eval = new double[N];
        double[] buck = new double[N];
        for (int round = 0; round < 2; round++) {   // round 0 warms up
            for (int i = 0; i < N; i++) {
                long t0 = System.nanoTime();
                check(evaluate.handleRequest(post, null).getStatusCode());
                long t1 = System.nanoTime();
                Oprf.VERIFIABLE.blindEvaluateBatch(key.key(), elements, ScalarSource.secure());
                long t2 = System.nanoTime();
                check(buckets.handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                        .withPath(prefix + (i % count)), null).getStatusCode());
                long t3 = System.nanoTime();
                table.bucketEntries(load, i % count);
                long t4 = System.nanoTime();
                eval[i] = ((t1 - t0) - (t2 - t1)) / 1e3;
                buck[i] = ((t3 - t2) - (t4 - t3)) / 1e3;
            }
        }
        double evalOverhead = median(eval);
        double buckOverhead = median(buck);
        double overhead = (evalOverhead + buckOverhead) / 2;
        System.err.printf("lookup: in-process handler time beyond the core: evaluate %.0f us, buckets %.0f us%n",
                evalOverhead, buckOverhead);
        System.out.printf("handler_overhead_us=%d%n", Math.max(0, Math.round(overhead)));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static void check(int status) {
        if (status != 200) throw new IllegalStateException("status " + status);
    }
}
JAVA
echo "lookup: measuring the in-process handler overhead" >&2
OVERHEAD=$(java -cp "$JAR" "$WORK/HandlerOverhead.java" "$DATA_DIR/key.json" "$DYNAMO" leakcheck-demo-v2 \
  "$DATASET" "$LOAD" "$BITS" "$ELEMENTS" "$BODY" 2> >(grep -v SLF4J >&2) | sed -n 's/^handler_overhead_us=//p')

echo "lookup: evaluate_rps=$EVAL_RPS evaluate_p99_ms=$EVAL_P99 buckets_rps=$BUCK_RPS buckets_p99_ms=$BUCK_P99 errors=$((EVAL_ERR + BUCK_ERR)) handler_overhead_us=$OVERHEAD"
