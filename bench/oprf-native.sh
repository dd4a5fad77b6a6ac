#!/usr/bin/env bash
# Native yardstick for the OPRF benchmarks: the cost of one P-256 ECDH in OpenSSL on this machine.
#
#   bash bench/oprf-native.sh        # run by hand; takes about 4 s
#
# Runs `openssl speed -seconds 3 ecdhp256` (at most 60 s) and turns the op/s of its
# "256 bits ecdh (nistp256)" line into microseconds per operation. One ECDH is one variable-base
# scalar multiplication on P-256, the same work as the multiplication in RFC 9497 BlindEvaluate,
# so the Java benchmarks can state their cost as a multiple of it, measured in the same run.
# openssl speed divides by user CPU time (not wall time, unless given -elapsed), so compare it with
# the Java harnesses' CPU-time figures when the machine is busy.
#
# The only line on stdout, for scripts:
#   native_ecdh_us=N
# Everything else (OpenSSL's version, its own output on failure) goes to stderr.
set -euo pipefail

seconds=3
limit_s=60

if ! command -v openssl >/dev/null; then
    echo "oprf-native: openssl is not installed" >&2
    exit 1
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

openssl version >&2
if ! timeout "$limit_s" openssl speed -seconds "$seconds" ecdhp256 >"$log" 2>&1; then
    echo "oprf-native: openssl speed failed or ran over ${limit_s} s:" >&2
    cat "$log" >&2
    exit 1
fi

# The result line reads "<spaces>256 bits ecdh (nistp256)   0.0000s  31587.3": op/s is the last field.
ops_per_second="$(awk '/^ *256 bits ecdh \(nistp256\)/ { print $NF }' "$log" | tail -1)"
if [[ ! "$ops_per_second" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
    echo "oprf-native: no op/s figure for nistp256 in openssl's output:" >&2
    cat "$log" >&2
    exit 1
fi

awk -v ops="$ops_per_second" 'BEGIN { printf "native_ecdh_us=%.1f\n", 1e6 / ops }'
