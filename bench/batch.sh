#!/usr/bin/env bash
# Batch check of an organization's members (docs/batch.md) against the local server on this machine:
# IDENTITIES persons, half of them patients of the demo's synthetic leak, half from a leak of another
# seed, checked by `leakcheck check --batch` with the demo's partner key (64 persons per evaluation).
#
#   bench/batch.sh [--identities N]      (default 100000; env: PATIENTS=max(50000, 1.1 N/2) the demo's leak,
#                                         CONCURRENCY=4, DATA_DIR=.leakcheck/bench-batch, LEAKCHECK_TARGET,
#                                         LEAKCHECK_JAR=a built cli/…/leakcheck.jar to use as is,
#                                         TIME_LIMIT=3600 seconds for the check)
#
# 1. runs `leakcheck demo` (dynalite, key, the leak loaded under membership, the partner key) on a free
#    loopback port, and waits for its "ready:" line;
# 2. writes the members file and counts the expected "found" from the leak file itself, with the
#    loader's canonicalization (every member has at least one valid identity: no rejected row);
# 3. times the whole `check --batch` command (JVM start, the counting pass, every request):
#    per_identity_us = wall time / identities;
# 4. in the same run, on one core and in process: the cryptographic work of one batch of 256 elements
#    (64 persons): the client's blinds, the server's batched evaluation with its proof, the client's
#    verification and finalization; crypto_us = that / 64.
#    On two cores the ideal wall time per identity is crypto_us / 2.
# Loopback only; every wait is bounded. Last line:
#   batch: identities=N found=N expected=N wall_s=N per_identity_us=N crypto_us=N errors=N
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IDENTITIES=100000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --identities) IDENTITIES="$2"; shift 2 ;;
    *) echo "batch: unknown option $1 (only --identities N)" >&2; exit 2 ;;
  esac
done
[[ "$IDENTITIES" =~ ^[1-9][0-9]*$ && "$IDENTITIES" -ge 2 ]] || { echo "batch: --identities must be an integer >= 2" >&2; exit 2; }
HALF=$((IDENTITIES / 2))
PATIENTS="${PATIENTS:-$(( HALF + HALF / 10 > 50000 ? HALF + HALF / 10 : 50000 ))}"
CONCURRENCY="${CONCURRENCY:-4}"
DATA_DIR="${DATA_DIR:-$ROOT/.leakcheck/bench-batch}"
TIME_LIMIT="${TIME_LIMIT:-3600}"
TARGET="${LEAKCHECK_TARGET:-target}"

WORK="$(mktemp -d /tmp/leakcheck-bench-batch.XXXXXX)"
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

# The jar: a private copy, so that a build meanwhile cannot replace it under a running JVM.
if [[ -n "${LEAKCHECK_JAR:-}" ]]; then
  cp "$LEAKCHECK_JAR" "$WORK/leakcheck.jar"
else
  LEAKCHECK_TARGET="$TARGET" "$ROOT/leakcheck" --version >/dev/null   # builds the jar when stale
  cp "$ROOT/cli/$TARGET/leakcheck.jar" "$WORK/leakcheck.jar"
fi
JAR="$WORK/leakcheck.jar"
lc() { env --default-signal=INT,TERM java "-Dleakcheck.root=$ROOT" "$@" -jar "$JAR"; }

PORT=""
for _ in 1 2 3 4 5; do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
done
[[ -n "$PORT" ]] || { echo "batch: no free port" >&2; exit 2; }

echo "batch: starting the demo with $PATIENTS patients on 127.0.0.1:$PORT (data in $DATA_DIR; first run: load)..." >&2
mkdir -p "$DATA_DIR"
(cd "$ROOT" && exec env --default-signal=INT,TERM java -XX:+UseParallelGC "-Dleakcheck.root=$ROOT" -jar "$JAR" \
  demo --patients "$PATIENTS" --port "$PORT" --data-dir "$DATA_DIR") >"$WORK/demo.log" 2>&1 &
DEMO_PID=$!
for _ in $(seq 1 3600); do
  grep -q '^ready:' "$WORK/demo.log" && break
  kill -0 "$DEMO_PID" 2>/dev/null || { tail -20 "$WORK/demo.log" >&2; echo "batch: the demo failed" >&2; exit 2; }
  sleep 1
done
grep -q '^ready:' "$WORK/demo.log" || { echo "batch: the demo did not become ready within an hour" >&2; exit 2; }
[[ -f "$DATA_DIR/partner.key" ]] || { echo "batch: the demo wrote no partner key ($DATA_DIR/partner.key)" >&2; exit 2; }
API="http://127.0.0.1:$PORT"

echo "batch: writing $IDENTITIES members ($HALF from the leak, the rest from another seed)" >&2
java -cp "$JAR" org.leakcheck.cli.Leakcheck loader generate --records "$((IDENTITIES - HALF + IDENTITIES / 10 + 100))" \
  --seed 777 --output "$WORK/other.csv" >/dev/null 2>&1
cat >"$WORK/Members.java" <<'JAVA'
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import org.leakcheck.loader.source.*;
import org.leakcheck.protocol.identity.*;

/** args: leak.csv other.csv half total members.csv. Prints "expected=N": members whose identity the load indexed. */
public class Members {
    public static void main(String[] args) throws Exception {
        Set<String> indexed = new HashSet<>();
        forEachRow(Path.of(args[0]), row -> {
            ids(row.nir(), row.lastName(), row.firstNames(), row.birthDate()).forEach(indexed::add);
            if (row.birthName() != null) {
                ids(null, row.birthName(), row.firstNames(), row.birthDate()).forEach(indexed::add);
            }
        });
        int half = Integer.parseInt(args[2]);
        int total = Integer.parseInt(args[3]);
        List<String[]> members = new ArrayList<>();
        pick(Path.of(args[0]), half, members);
        pick(Path.of(args[1]), total - half, members);
        if (members.size() != total) {
            throw new IllegalStateException("only " + members.size() + " members with a valid identity");
        }
        Collections.shuffle(members, new Random(7));
        long expected = 0;
        try (Writer out = Files.newBufferedWriter(Path.of(args[4]), StandardCharsets.UTF_8)) {
            out.write("numero_patient;nom;prenoms;date_naissance;nir;numero_adherent\n");
            int n = 0;
            for (String[] m : members) {
                List<String> ids = ids(m[3], m[0], m[1], m[2]);
                if (ids.stream().anyMatch(indexed::contains)) {
                    expected++;
                }
                out.write(String.format("B%07d", ++n) + ";" + cell(m[0]) + ";" + cell(m[1]) + ";" + cell(m[2]) + ";"
                        + cell(m[3]) + ";" + cell(m[4]) + "\n");
            }
        }
        System.out.println("expected=" + expected);
    }

    interface RowUse { void use(SourceRow row); }

    static void forEachRow(Path file, RowUse use) throws Exception {
        try (CsvSource source = CsvSource.open(file, SourceOptions.detect(), ColumnMapping.defaultMapping(), (l, r) -> { })) {
            for (SourceRow row = source.next(); row != null; row = source.next()) {
                use.use(row);
            }
        }
    }

    /** The first row of each person with at least one valid identity, up to n. */
    static void pick(Path file, int n, List<String[]> into) throws Exception {
        Set<String> seen = new HashSet<>();
        int[] taken = {0};
        forEachRow(file, row -> {
            if (taken[0] < n && seen.add(row.personKey() == null ? "l" + row.lineNumber() : row.personKey())
                    && !ids(row.nir(), row.lastName(), row.firstNames(), row.birthDate()).isEmpty()) {
                into.add(new String[] {row.lastName(), row.firstNames(), row.birthDate(), row.nir(),
                        row.factors().isEmpty() ? null : row.factors().get(0)});
                taken[0]++;
            }
        });
    }

    static List<String> ids(String nir, String last, String first, String date) {
        List<String> out = new ArrayList<>(2);
        if (nir != null && !nir.isBlank()) {
            try { out.add(HexFormat.of().formatHex(NirIdentity.parse(nir).canonicalBytes())); } catch (InvalidIdentityException e) { }
        }
        if (last != null || first != null || date != null) {
            try { out.add(HexFormat.of().formatHex(NameDobIdentity.parse(last, first, date).canonicalBytes())); } catch (InvalidIdentityException e) { }
        }
        return out;
    }

    static String cell(String v) {
        return v == null ? "" : v.contains(";") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
JAVA
EXPECTED=$(java -cp "$JAR" "$WORK/Members.java" "$DATA_DIR/leak.csv" "$WORK/other.csv" "$HALF" "$IDENTITIES" \
  "$WORK/members.csv" 2> >(grep -v SLF4J >&2) | sed -n 's/^expected=//p')
[[ -n "$EXPECTED" ]] || { echo "batch: could not write the members file" >&2; exit 2; }

echo "batch: checking $IDENTITIES members, $CONCURRENCY requests in flight (at most $TIME_LIMIT s)" >&2
START=$(date +%s%N)
STATUS=0
timeout --signal=TERM --kill-after=10 "$TIME_LIMIT" env --default-signal=INT,TERM java "-Dleakcheck.root=$ROOT" -jar "$JAR" \
  check --api "$API" --public-key "$DATA_DIR/key.pub.json" --api-key-file "$DATA_DIR/partner.key" \
  --batch "$WORK/members.csv" --out "$WORK/results.csv" --concurrency "$CONCURRENCY" \
  >"$WORK/check.out" 2>"$WORK/check.err" || STATUS=$?
END=$(date +%s%N)
sed 's/^/  /' "$WORK/check.out" >&2
tail -3 "$WORK/check.err" | sed 's/^/  /' >&2

cat >"$WORK/Crypto.java" <<'JAVA'
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.oprf.BatchEvaluation;
import org.leakcheck.protocol.oprf.Blinded;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * args: keyFile. One thread: blind 256 inputs, evaluate them with the proof, verify and finalize.
 * Prints crypto_us per person (a batch / 64) on stdout, and its three parts on stderr.
 */
public class Crypto {
    static final int ELEMENTS = 256;
    static final int PERSONS = 64;

    public static void main(String[] args) throws Exception {
        KeyMaterial key = KeyFiles.readSecret(Path.of(args[0]));
        byte[] pk = key.publicKey().publicKey();
        ScalarSource scalars = ScalarSource.secure();
        SecureRandom random = new SecureRandom();
        double blind = 0, evaluate = 0, finalize = 0;
        int measured = 0;
        // 40 warm-up rounds (~10,000 of each operation, so that the JIT has compiled the field arithmetic),
        // then 20 measured.
        for (int round = 0; round < 60; round++) {
            List<byte[]> inputs = new ArrayList<>(ELEMENTS);
            for (int i = 0; i < ELEMENTS; i++) {
                byte[] input = new byte[32];
                random.nextBytes(input);
                inputs.add(input);
            }
            long t0 = System.nanoTime();
            List<Blinded> blinded = new ArrayList<>(ELEMENTS);
            List<byte[]> elements = new ArrayList<>(ELEMENTS);
            for (byte[] input : inputs) {
                Blinded b = Oprf.VERIFIABLE.blind(input, scalars);
                blinded.add(b);
                elements.add(b.blindedElement());
            }
            long t1 = System.nanoTime();
            BatchEvaluation evaluation = Oprf.VERIFIABLE.blindEvaluateBatch(key.key(), elements, scalars);
            long t2 = System.nanoTime();
            List<byte[]> outputs = Oprf.VERIFIABLE.finalizeBatch(inputs, blinded, evaluation.evaluatedElements(),
                    evaluation.proof(), pk);
            long t3 = System.nanoTime();
            if (outputs.size() != ELEMENTS) throw new IllegalStateException("outputs");
            if (round >= 40) {
                blind += (t1 - t0) / 1e3;
                evaluate += (t2 - t1) / 1e3;
                finalize += (t3 - t2) / 1e3;
                measured++;
            }
        }
        double per = (double) measured * PERSONS;
        System.err.printf("batch: per person on one core: client blind %.0f us, server evaluation and proof %.0f us, "
                + "client verification and finalization %.0f us%n", blind / per, evaluate / per, finalize / per);
        System.out.printf("crypto_us=%.0f%n", (blind + evaluate + finalize) / per);
    }
}
JAVA
echo "batch: measuring the cryptographic work of one batch on one core" >&2
# One thread does the work; not pinned, so that the JIT's compiler threads do not share its core.
CRYPTO=$(java -cp "$JAR" "$WORK/Crypto.java" "$DATA_DIR/key.json" 2> >(grep -v SLF4J >&2) \
  | sed -n 's/^crypto_us=//p')

python3 - "$WORK/check.out" "$IDENTITIES" "$EXPECTED" "$START" "$END" "$CRYPTO" "$STATUS" <<'PY'
import re, sys
out, n, expected, start, end, crypto, status = sys.argv[1:]
text = open(out).read()
m = re.search(r"check --batch: ([0-9,]+) rows: ([0-9,]+) found, ([0-9,]+) not found, ([0-9,]+) rejected, ([0-9,]+) errors", text)
num = lambda s: int(s.replace(",", ""))
rows, found, rejected, errors = (num(m.group(1)), num(m.group(2)), num(m.group(4)), num(m.group(5))) if m else (0, 0, 0, 0)
errors += rejected + int(n) - rows + (1 if status != "0" else 0)
wall = (int(end) - int(start)) / 1e9
print(f"batch: identities={n} found={found} expected={expected} wall_s={wall:.1f} "
      f"per_identity_us={wall * 1e6 / int(n):.0f} crypto_us={crypto or 0} errors={errors}")
PY
