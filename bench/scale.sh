#!/usr/bin/env bash
# Benchmark of the loader at scale: does a load keep its per-core rate when the leak grows, in a
# bounded heap?
#   1. generate the reference leak (200,000 patients) and the large one (--patients N, default
#      2,000,000), the large one under -Xmx256m (the generator streams: its memory is bounded too);
#   2. load each into dynalite on a loopback port, under -Xmx512m, with all cores (--threads = nproc),
#      under DISCLOSURE (default membership: each identity alone and bound to the member number,
#      about 4 entries per patient), served for a year, with the demo's notice and factor label;
#   3. verify the large load with the generator's known answers.
# per_core_ratio = (entries / (wall_s * cores)) at N divided by the same at 200,000 patients, both
# taken in this run (the machine is noisy: compare ratios). Goals: per_core_ratio >= 0.9 (no loss
# from spilling to disk) and peak_rss_mb <= 700 (the large load's JVM).
# Needs about 1.1 KB of disk per patient for the export, plus a third of that for the work directory.
# Last line: scale: patients=N entries=N buckets=N wall_s=N peak_rss_mb=N per_core_ratio=N
set -euo pipefail
cd "$(dirname "$0")/.."
PATIENTS=2000000
REFERENCE=200000
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) PATIENTS="$2"; shift 2 ;;
    --patients=*) PATIENTS="${1#*=}"; shift ;;
    -h|--help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
      echo "usage: bench/scale.sh [--patients N]   (default 2000000; the reference is $REFERENCE)"
      exit 0 ;;
    *) echo "bench/scale.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$PATIENTS" in ''|*[!0-9]*) echo "bench/scale.sh: --patients must be a whole number" >&2; exit 2 ;; esac
DISCLOSURE="${DISCLOSURE:-membership}"
CORES="$(nproc)"
JAVA_OPTS="${JAVA_OPTS:--XX:+UseParallelGC}"
. bench/loader-lib.sh
bench_work scale
policy_options
loader_jar

java -jar "$JAR" keygen --out "$WORK/key.json" 2>/dev/null
start_dynalite

# One size: generate, load (timed), and remove the export.
run() {
  local name="$1" patients="$2"
  echo "bench: generating $patients patients" >&2
  timed "$WORK/$name.gen.time" java -Xmx256m $JAVA_OPTS -jar "$JAR" generate --records "$patients" \
    --output "$WORK/$name.csv" --known-answers "$WORK/$name.known.json" >&2
  echo "bench: loading $patients patients into dynalite on 127.0.0.1:$PORT ($CORES cores)" >&2
  timed "$WORK/$name.load.time" java -Xmx512m $JAVA_OPTS -jar "$JAR" load --input "$WORK/$name.csv" \
    --dataset "$name" --key "$WORK/key.json" "${POLICY[@]}" --threads "$CORES" --work-dir "$WORK/$name.work" \
    --endpoint "http://127.0.0.1:$PORT" --create-table --report "$WORK/$name.json" >&2
  du -b "$WORK/$name.csv" | cut -f1 > "$WORK/$name.bytes"
}

run reference "$REFERENCE"
run large "$PATIENTS"
echo "bench: verifying the large load with its known answers" >&2
java -jar "$JAR" verify --dataset large --endpoint "http://127.0.0.1:$PORT" --key "$WORK/key.json" \
  --known-answers "$WORK/large.known.json" >&2
rm -f "$WORK/reference.csv" "$WORK/large.csv"

python3 - "$WORK" "$PATIENTS" "$CORES" <<'PY'
import json, sys
work, patients, cores = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def one(name):
    wall, rss = open(f"{work}/{name}.load.time").read().split()
    gen_wall, gen_rss = open(f"{work}/{name}.gen.time").read().split()
    report = json.load(open(f"{work}/{name}.json"))
    return float(wall), int(rss) / 1024, report, float(gen_wall), int(gen_rss) / 1024, int(open(f"{work}/{name}.bytes").read())
ref_wall, ref_rss, ref, _, _, ref_bytes = one("reference")
wall, rss, big, gen_wall, gen_rss, big_bytes = one("large")
rate_ref = ref["entries"] / (ref_wall * cores)
rate = big["entries"] / (wall * cores)
for name, w, r, rep, b in (("reference", ref_wall, ref_rss, ref, ref_bytes), ("large", wall, rss, big, big_bytes)):
    print(f"report: {name} persons={rep['persons']} entries={rep['entries']} bucket_bits={rep['bucketBits']} "
          f"partitions={rep['partitions']} spill_mb={rep['spillBytes'] / 2**20:.0f} csv_mb={b / 2**20:.0f} "
          f"wall_s={w:.1f} rss_mb={r:.0f} entries_per_core_s={rep['entries'] / (w * cores):.0f} "
          f"phases={rep['phaseSeconds']}", file=sys.stderr)
print(f"report: generator patients={patients} wall_s={gen_wall:.1f} peak_rss_mb={gen_rss:.0f}", file=sys.stderr)
print(f"scale: patients={patients} entries={big['entries']} buckets={big['buckets']} wall_s={wall:.1f} "
      f"peak_rss_mb={rss:.0f} per_core_ratio={rate / rate_ref:.2f}")
PY
