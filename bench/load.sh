#!/usr/bin/env bash
# Benchmark of the loader on the full-size synthetic leak (491,840 patients):
#   1. generate the leak;
#   2. load --dry-run: all the compute (read, canonicalize, OPRF, content digest and load id, seal, pad),
#      no I/O                                                                            -> compute_s;
#   3. a real load into dynalite on a loopback port, under -Xmx512m                   -> wall_s, peak RSS.
# Both loads run with JAVA_OPTS (default -XX:+UseParallelGC), under DISCLOSURE (default membership, the
# policy docs/deploy.md advises for a medical leak: every identity twice, alone and bound to the
# member number, so about 1.9 M entries; DISCLOSURE=open gives the 1.0 M entries of the identities
# alone), served for a year, with the demo's synthetic notice and factor label.
# io_overhead = wall_s / compute_s, taken in the same run (the machine is noisy: compare ratios).
# Last line: load: patients=N entries=N buckets=N compute_s=N wall_s=N io_overhead=N peak_rss_mb=N
set -euo pipefail
cd "$(dirname "$0")/.."
PATIENTS="${PATIENTS:-491840}"
DISCLOSURE="${DISCLOSURE:-membership}"
# As docs/loader.md recommends for large loads: the parallel collector (a throughput job).
JAVA_OPTS="${JAVA_OPTS:--XX:+UseParallelGC}"
. bench/loader-lib.sh
bench_work load
policy_options
loader_jar

echo "bench: generating $PATIENTS patients" >&2
java -jar "$JAR" generate --records "$PATIENTS" --output "$WORK/leak.csv" --known-answers "$WORK/known.json" >&2
java -jar "$JAR" keygen --out "$WORK/key.json" 2>/dev/null

echo "bench: dry run (compute only)" >&2
timed "$WORK/dry.time" java -Xmx512m $JAVA_OPTS -jar "$JAR" load --input "$WORK/leak.csv" --dataset bench --key "$WORK/key.json" \
  "${POLICY[@]}" --dry-run --report "$WORK/dry.json" >&2

start_dynalite

echo "bench: real load into dynalite on 127.0.0.1:$PORT" >&2
timed "$WORK/load.time" java -Xmx512m $JAVA_OPTS -jar "$JAR" load --input "$WORK/leak.csv" --dataset bench --key "$WORK/key.json" \
  "${POLICY[@]}" --endpoint "http://127.0.0.1:$PORT" --create-table --report "$WORK/load.json" >&2

java -jar "$JAR" verify --dataset bench --endpoint "http://127.0.0.1:$PORT" --key "$WORK/key.json" \
  --known-answers "$WORK/known.json" >&2

python3 - "$WORK" "$PATIENTS" <<'PY'
import json, sys
work, patients = sys.argv[1], sys.argv[2]
dry = open(f"{work}/dry.time").read().split()
real = open(f"{work}/load.time").read().split()
report = json.load(open(f"{work}/load.json"))
compute_s, wall_s = float(dry[0]), float(real[0])
rss_mb = max(int(dry[1]), int(real[1])) / 1024
print(f"report: disclosure={report['disclosure']} persons={report['persons']} entries={report['entries']} by_kind={report['entriesByKind']} "
      f"bucket_bits={report['bucketBits']} load={report['loadId']} max_bucket={report['maxBucketSize']} "
      f"padded={report['paddedSize']} phases={report['phaseSeconds']}",
      file=sys.stderr)
print(f"load: patients={patients} entries={report['entries']} buckets={report['buckets']} "
      f"compute_s={compute_s:.1f} wall_s={wall_s:.1f} io_overhead={wall_s / compute_s:.2f} peak_rss_mb={rss_mb:.0f}")
PY
