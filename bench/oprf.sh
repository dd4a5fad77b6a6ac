#!/usr/bin/env bash
# VOPRF benchmark (docs/protocol.md §4): OpenSSL's P-256 ECDH, our Java Oprf (Bouncy Castle) and
# @noble/curves in Node, on the same machine in one run.
#
#   bash bench/oprf.sh            # run by hand from anywhere; takes about two minutes
#
# 1. `openssl speed ecdhp256` (bench/oprf-native.sh): the yardstick for the physical limit of one
#    P-256 multiplication on this machine.
# 2. OprfBench (protocol/src/test/java/.../oprf/bench), with the protocol module built (tests
#    skipped) into its own target folder: one BlindEvaluate, and one BlindEvaluateBatch of Q
#    elements with its DLEQ proof (mode 1), as the evaluate Lambda runs them.
# 3. bench/oprf/noble-bench.mjs, with the pinned @noble/curves (`npm ci`): one BlindEvaluate, and
#    the browser-side crypto of one submission (blind Q, verify the proof, finalize Q).
# The harnesses check an RFC 9497 vector before timing, warm up, then report the median of
# several rounds of many operations. The runs are sequential so they never share the CPU. The
# last line is the summary, for scripts:
#   oprf: q=Q native_ecdh_us=N java_evaluate_us=N java_batch_evaluate_us=N noble_evaluate_us=N noble_client_check_ms=N speedup=N
# with speedup = noble_evaluate_us / java_evaluate_us. Goals (issue "Protocol v2"), all ratios
# within the run: java_evaluate_us <= 3 x native_ecdh_us; java_batch_evaluate_us <= (Q + 3) x
# java_evaluate_us; speedup >= 10; noble_client_check_ms x 1000 <= (3Q + 4) x noble_evaluate_us.
# A goal missed is printed on stderr as "oprf-bench: goal missed: ...".
#
# Environment (optional): OPRF_BENCH_Q (default 4, the page's Q), OPRF_BENCH_WARMUP_S (8),
# OPRF_BENCH_ROUNDS (9), OPRF_BENCH_JAVA_OPS (2000 per round), OPRF_BENCH_NOBLE_OPS (200 per round).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="target-bench-oprf"
warmup="${OPRF_BENCH_WARMUP_S:-8}"
rounds="${OPRF_BENCH_ROUNDS:-9}"
java_ops="${OPRF_BENCH_JAVA_OPS:-2000}"
noble_ops="${OPRF_BENCH_NOBLE_OPS:-200}"
q="${OPRF_BENCH_Q:-4}"

cd "$root"
echo "oprf-bench: building protocol (tests skipped) into protocol/$target" >&2
# Maven's output goes to stderr so that stdout carries only the harnesses' lines and the summary.
mvn -B -q -pl protocol -Dleakcheck.target="$target" -DskipTests package >&2
mvn -B -q -pl protocol -Dleakcheck.target="$target" dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$root/protocol/$target/runtime.classpath" >&2
classpath="protocol/$target/classes:protocol/$target/test-classes:$(cat "protocol/$target/runtime.classpath")"

native_log="$(mktemp)"
java_log="$(mktemp)"
noble_log="$(mktemp)"
trap 'rm -f "$native_log" "$java_log" "$noble_log"' EXIT

bash bench/oprf-native.sh | tee "$native_log"

java -version 2>&1 | head -1 >&2
java -cp "$classpath" org.leakcheck.protocol.oprf.bench.OprfBench "$warmup" "$rounds" "$java_ops" "$q" | tee "$java_log"

echo "oprf-bench: installing @noble/curves (npm ci)" >&2
(cd bench/oprf && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
node bench/oprf/noble-bench.mjs "$warmup" "$rounds" "$noble_ops" "$q" | tee "$noble_log"

value() { # value FILE KEY: the number after KEY= on the file's summary line
    sed -nE "s/(^|.*[ :])$2=([0-9.]+).*/\2/p" "$1" | tail -1
}
native="$(value "$native_log" native_ecdh_us)"
java_evaluate="$(value "$java_log" evaluate_us)"
java_batch="$(value "$java_log" batch_evaluate_us)"
noble_evaluate="$(value "$noble_log" evaluate_us)"
noble_check="$(value "$noble_log" client_check_ms)"
if [[ -z "$native" || -z "$java_evaluate" || -z "$java_batch" || -z "$noble_evaluate" || -z "$noble_check" ]]; then
    echo "oprf-bench: a harness printed no summary line" >&2
    exit 1
fi
awk -v q="$q" -v ne="$native" -v je="$java_evaluate" -v jb="$java_batch" -v nb="$noble_evaluate" -v nc="$noble_check" 'BEGIN {
    if (je > 3 * ne) printf "oprf-bench: goal missed: java_evaluate_us %.0f > 3 x native_ecdh_us %.1f (ratio %.2f)\n", je, ne, je / ne > "/dev/stderr"
    if (jb > (q + 3) * je) printf "oprf-bench: goal missed: java_batch_evaluate_us %.0f > (Q + 3) x java_evaluate_us (ratio %.2f)\n", jb, jb / je > "/dev/stderr"
    if (nb / je < 10) printf "oprf-bench: goal missed: speedup %.1f < 10\n", nb / je > "/dev/stderr"
    if (nc * 1000 > (3 * q + 4) * nb) printf "oprf-bench: goal missed: noble_client_check_ms %.2f > (3Q + 4) x noble_evaluate_us\n", nc > "/dev/stderr"
    printf "oprf: q=%d native_ecdh_us=%.1f java_evaluate_us=%.0f java_batch_evaluate_us=%.0f noble_evaluate_us=%.0f noble_client_check_ms=%.1f speedup=%.1f\n", q, ne, je, jb, nb, nc, nb / je
}'
