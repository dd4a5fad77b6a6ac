#!/usr/bin/env bash
# OPRF benchmark: our Java Oprf (Bouncy Castle) against @noble/curves in Node, same machine, one run.
#
#   bash bench/oprf.sh            # run by hand from anywhere; takes about a minute
#
# Builds the protocol module (tests skipped) into its own target folder, times Oprf.evaluate and
# Oprf.blindEvaluate with OprfBench (protocol/src/test/java/.../oprf/bench), installs the pinned
# @noble/curves with `npm ci` and times p256_oprf.oprf.blindEvaluate with bench/oprf/noble-bench.mjs.
# Both harnesses check RFC 9497 vector A.3 mode 0 #1 before timing, warm up, then report the
# median of several rounds of many operations. The two runs are sequential so they never share
# the CPU. The last line is the summary, for scripts:
#   oprf: java_evaluate_us=N java_blind_evaluate_us=N noble_blind_evaluate_us=N speedup=N
# with speedup = noble_blind_evaluate_us / java_blind_evaluate_us.
#
# Environment (optional): OPRF_BENCH_WARMUP_S (default 8), OPRF_BENCH_ROUNDS (9),
# OPRF_BENCH_JAVA_OPS (2000 per round), OPRF_BENCH_NOBLE_OPS (200 per round).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="target-bench-oprf"
warmup="${OPRF_BENCH_WARMUP_S:-8}"
rounds="${OPRF_BENCH_ROUNDS:-9}"
java_ops="${OPRF_BENCH_JAVA_OPS:-2000}"
noble_ops="${OPRF_BENCH_NOBLE_OPS:-200}"

cd "$root"
echo "oprf-bench: building protocol (tests skipped) into protocol/$target" >&2
# Maven's output goes to stderr so that stdout carries only the harnesses' lines and the summary.
mvn -B -q -pl protocol -Dleakcheck.target="$target" -DskipTests package >&2
mvn -B -q -pl protocol -Dleakcheck.target="$target" dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$root/protocol/$target/runtime.classpath" >&2
classpath="protocol/$target/classes:protocol/$target/test-classes:$(cat "protocol/$target/runtime.classpath")"

java_log="$(mktemp)"
noble_log="$(mktemp)"
trap 'rm -f "$java_log" "$noble_log"' EXIT

java -version 2>&1 | head -1 >&2
java -cp "$classpath" org.leakcheck.protocol.oprf.bench.OprfBench "$warmup" "$rounds" "$java_ops" | tee "$java_log"

echo "oprf-bench: installing @noble/curves (npm ci)" >&2
(cd bench/oprf && npm ci --no-audit --no-fund --loglevel=error >&2)
node bench/oprf/noble-bench.mjs "$warmup" "$rounds" "$noble_ops" | tee "$noble_log"

value() { # value FILE KEY: the number after KEY= on the file's summary line
    sed -n "s/.*[ :]$2=\([0-9.]*\).*/\1/p" "$1" | tail -1
}
java_evaluate="$(value "$java_log" evaluate_us)"
java_blind_evaluate="$(value "$java_log" blind_evaluate_us)"
noble_blind_evaluate="$(value "$noble_log" blind_evaluate_us)"
if [[ -z "$java_evaluate" || -z "$java_blind_evaluate" || -z "$noble_blind_evaluate" ]]; then
    echo "oprf-bench: a harness printed no summary line" >&2
    exit 1
fi
awk -v je="$java_evaluate" -v jb="$java_blind_evaluate" -v nb="$noble_blind_evaluate" 'BEGIN {
    printf "oprf: java_evaluate_us=%.0f java_blind_evaluate_us=%.0f noble_blind_evaluate_us=%.0f speedup=%.1f\n", je, jb, nb, nb / jb
}'
