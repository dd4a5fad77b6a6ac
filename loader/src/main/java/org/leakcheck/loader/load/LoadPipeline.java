package org.leakcheck.loader.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.leakcheck.loader.load.spill.WorkDir;
import org.leakcheck.loader.source.ColumnMapping;
import org.leakcheck.loader.source.CsvSource;
import org.leakcheck.loader.source.Rejections;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.lookup.LoadIds;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.Progress;
import org.leakcheck.store.StoreException;
import org.leakcheck.store.StoredBucket;
import org.leakcheck.store.TableLayout;
import org.leakcheck.store.WriteOptions;

/**
 * One load ({@code docs/protocol.md} §3, §5, §6), in phases that each keep only a partition in
 * memory and spill the rest to the work directory ({@link Partitions}, {@link WorkDir}), so that a
 * 512 MB heap is enough for any size of leak:
 *
 * <ol>
 *   <li><b>read</b> ({@link PersonSpill}): stream the export, canonicalize each row's identities
 *       and factors, and write each row to its person's partition;</li>
 *   <li><b>merge</b> ({@link PersonMerge}): per person partition, gather each person's rows and
 *       write the entries the disclosure policy gives them to their entry partitions;</li>
 *   <li><b>compute</b> ({@link EntryEvaluation}): per entry partition, merge the copies of each
 *       entry, run the OPRF on every thread and sum the content digest. Then
 *       {@code B_D = BucketBits.forEntries(N)} and the load id {@code L} from the digest;</li>
 *   <li><b>seal</b> ({@link BucketSealing}): seal every entry into the bucket its OPRF output gives
 *       in {@code (D, L, B_D)}, grouped in ranges of buckets, and check that the largest item fits
 *       in a DynamoDB item before anything is written;</li>
 *   <li><b>write</b> ({@link BucketWriting}): pad each range's buckets to the same size {@code P}
 *       and BatchWriteItem them, each with the TTL attribute {@code expiresAt} = servedUntil + 30 days;</li>
 *   <li><b>manifest</b>: names {@code L}, which makes it the served load;</li>
 *   <li><b>cleanup</b>: delete the items of {@code D} under any other load, then the work directory.</li>
 * </ol>
 *
 * <h2>Resuming</h2>
 * Each phase, and each partition of compute and write, ends with a marker in the work directory.
 * A rerun of the same command (same export, checked by its SHA-256; same key, dataset, policy,
 * mapping) continues after the last marker: a kill costs at most one partition of work. The same
 * content under the same key gives the same {@code L}, hence byte-identical items, and a reload
 * keeps the first {@code loadedAt}: the table converges, whether the previous run finished or was
 * killed at any point. A failure (an exception, not a kill) deletes every file that came from an
 * identity; only the sealed ranges, which hold what the table will hold, stay for a rerun.
 *
 * <p>Nothing here ever prints, logs or reports a value from the file: only counts, rules and line numbers.
 */
public final class LoadPipeline {
    /** The largest padded size whose item fits in DynamoDB's 400 KB limit, rounded down to {@link BucketItem#PAD_MULTIPLE}. */
    static final int MAX_PADDED_SIZE = TableLayout.MAX_ENTRIES_BYTES / Entry.SIZE / BucketItem.PAD_MULTIPLE * BucketItem.PAD_MULTIPLE;
    /** Version of the work directory's files: a directory of another version is emptied. */
    private static final String SPILL_FORMAT = "leakcheck-load-spill-1";
    /** Bytes of CSV per partition by default ({@code --partition-mb 64}). */
    public static final long DEFAULT_BYTES_PER_PARTITION = Partitions.INPUT_BYTES_PER_PARTITION;
    /** The smallest partition, for tests. */
    static final long MIN_BYTES_PER_PARTITION = 4 << 10;
    private static final String READ = "read";
    private static final String MERGE = "merge";
    private static final String SEAL = "seal";

    private final LoadOptions options;
    private final Progress progress;
    private final Clock clock;
    private final long inputBytesPerPartition;

    public LoadPipeline(LoadOptions options, Progress progress, Clock clock) {
        this(options, progress, clock, Partitions.INPUT_BYTES_PER_PARTITION);
    }

    /**
     * With {@code inputBytesPerPartition} bytes of CSV per partition ({@code --partition-mb}): smaller
     * partitions take less memory each and lose less work to a kill, larger ones make fewer files.
     */
    public LoadPipeline(LoadOptions options, Progress progress, Clock clock, long inputBytesPerPartition) {
        if (inputBytesPerPartition < MIN_BYTES_PER_PARTITION) {
            throw new IllegalArgumentException("a partition must hold at least " + MIN_BYTES_PER_PARTITION + " bytes");
        }
        this.options = options;
        this.progress = progress;
        this.clock = clock;
        this.inputBytesPerPartition = inputBytesPerPartition;
    }

    /** What {@code --dry-run} does: every phase up to padding, nothing written to any table. */
    public LoadReport dryRun() throws IOException, InterruptedException {
        return compute(new DiscardingSink(progress), true).report().build(true);
    }

    /**
     * All phases: compute, write every item of the load, then its manifest, then delete the
     * dataset's other loads (§6.4) and the work directory.
     */
    public LoadReport load(BucketTable table, WriteOptions writeOptions) throws IOException, InterruptedException {
        return load(table, writeOptions, 0);
    }

    /** The same, with writes paced to {@code writeUnitsPerSecond} (0: unpaced; see {@link TableSink}). */
    public LoadReport load(BucketTable table, WriteOptions writeOptions, int writeUnitsPerSecond)
            throws IOException, InterruptedException {
        Optional<DatasetManifest> previous = previousManifest(table);
        Computed computed = compute(new TableSink(table, writeOptions, options.servedUntil(), writeUnitsPerSecond,
                progress), false);
        LoadReport.Builder report = computed.report;
        DatasetManifest manifest = manifest(computed.load, report);
        if (previous.isPresent() && previous.get().loadId().equals(manifest.loadId())) {
            // Same content, same key: keep the first load time so that a reload leaves the table byte-identical.
            manifest = withLoadedAt(manifest, previous.get().loadedAt());
        }
        long t1 = System.nanoTime();
        table.putManifest(manifest);
        long t2 = System.nanoTime();
        report.phaseSeconds.put("manifest", seconds(t2 - t1));
        progress.start("cleanup", "items", -1);
        report.itemsDeleted = table.deleteOtherLoads(computed.load, writeOptions, progress);
        progress.finish();
        report.phaseSeconds.put("cleanup", seconds(System.nanoTime() - t2));
        computed.dir.close(true);
        return report.build(false);
    }

    /** A computed load: its {@code (D, L, B_D)}, its counts, and its work directory (still open). */
    record Computed(DatasetLoad load, LoadReport.Builder report, WorkDir dir) {
    }

    /** Every phase up to write, into {@code sink}; the directory is closed (and deleted) when {@code close}. */
    Computed compute(BucketWriting.Sink sink, boolean close) throws IOException, InterruptedException {
        LoadReport.Builder report = new LoadReport.Builder();
        report.disclosure = options.disclosure().label();
        report.servedUntil = options.servedUntil().toString();
        report.factorIgnored = !options.disclosure().usesFactor() && !options.mapping().factor().isEmpty();
        report.workDir = options.workDir().toString();
        WorkDir dir = WorkDir.open(options.workDir(), optionsFingerprint(), options.key().paddingKey(), new SecureRandom());
        boolean done = false;
        try (Workers workers = new Workers(options.threads())) {
            JsonNode read = readPhase(dir, workers, report);
            int partitions = read.path("partitions").asInt();
            JsonNode merged = mergePhase(dir, partitions, workers, report);
            JsonNode sealed = dir.marker(SEAL).orElse(null);
            if (sealed == null) {
                sealed = computeAndSeal(dir, partitions, merged.path("records").asLong(), workers, report);
            } else {
                report.piecesReused += partitions;
            }
            report.entries = sealed.path("entries").asLong();
            sealed.path("byKind").fields().forEachRemaining(e -> report.entriesByKind.put(e.getKey(), e.getValue().asLong()));
            report.bucketBits = sealed.path("bucketBits").asInt();
            report.loadId = sealed.path("loadId").asText();
            report.buckets = 1 << report.bucketBits;
            report.maxBucketSize = sealed.path("maxBucket").asInt();
            report.paddedSize = sealed.path("paddedSize").asInt();
            DatasetLoad load = new DatasetLoad(options.datasetId(), HexFormat.of().parseHex(report.loadId), report.bucketBits);

            long t = System.nanoTime();
            report.piecesReused += BucketWriting.run(dir, load, sealed.path("rangeBits").asInt(), report.paddedSize,
                    options.key().paddingKey(), workers, sink, progress);
            report.phaseSeconds.put(sink.target() == null ? "pad" : "write", seconds(System.nanoTime() - t));
            // The directory is largest at the end of read, merge or seal, before a phase's inputs are deleted.
            report.spillBytes = dir.notePeak();
            done = true;
            if (close) {
                dir.close(true);
            }
            return new Computed(load, report, dir);
        } finally {
            if (!done) {
                discardAfterFailure(dir);
            }
        }
    }

    /**
     * Phase read, or its marker from an earlier run of the same export. The marker holds the
     * counts and rules of the load report, and the export's SHA-256, checked before any reuse.
     */
    private JsonNode readPhase(WorkDir dir, Workers workers, LoadReport.Builder report)
            throws IOException, InterruptedException {
        Optional<JsonNode> previous = dir.marker(READ);
        if (previous.isPresent()) {
            long t = System.nanoTime();
            progress.start("check input", "bytes", Files.size(options.input()));
            String digest = sha256(options.input(), progress);
            progress.finish();
            report.phaseSeconds.put("check input", seconds(System.nanoTime() - t));
            if (digest.equals(previous.get().path("inputSha256").asText())) {
                report.piecesReused++;
                fillRead(previous.get(), report);
                return previous.get();
            }
            // The export changed since: nothing of the earlier run applies.
            dir.reset(optionsFingerprint());
        }
        long t = System.nanoTime();
        Rejections rows = new Rejections();
        Rejections fields = new Rejections();
        ObjectNode marker = dir.newMarker();
        try (CsvSource source = CsvSource.open(options.input(), options.source(), options.readMapping(), rows)) {
            int partitions = Partitions.forInput(source.sizeBytes(), source.gzip(), inputBytesPerPartition);
            PersonSpill.Counts counts = PersonSpill.run(source, rows, fields, dir, partitions, workers, progress);
            marker.put("partitions", partitions);
            marker.put("rowsRead", counts.rowsRead());
            marker.put("rowsAccepted", counts.rowsAccepted());
            marker.put("emptyLines", counts.emptyLines());
            marker.put("encoding", counts.encoding());
            marker.put("delimiter", counts.delimiter());
            putRejections(marker.putObject("rowsRejected"), rows);
            putRejections(marker.putObject("fieldsRejected"), fields);
            // For a rerun to know it is the same file: taken from the bytes as they were parsed.
            marker.put("inputSha256", source.sha256());
        }
        fillRead(marker, report);
        if (report.rowsAccepted == 0) {
            throw new LoadLimitException("no row of " + options.input().getFileName() + " was accepted ("
                    + report.rowsRead + " rows read, " + report.rowsRejectedTotal() + " rejected: "
                    + report.rowsRejected.keySet() + "): nothing to load");
        }
        dir.mark(READ, marker);
        dir.notePeak();
        report.phaseSeconds.put("read", seconds(System.nanoTime() - t));
        return marker;
    }

    /** Phase merge, or its marker. */
    private JsonNode mergePhase(WorkDir dir, int partitions, Workers workers, LoadReport.Builder report)
            throws IOException, InterruptedException {
        JsonNode merged = dir.marker(MERGE).orElse(null);
        if (merged == null) {
            long t = System.nanoTime();
            PersonMerge.Counts counts = PersonMerge.run(dir, partitions, options.disclosure(), workers, progress);
            ObjectNode marker = dir.newMarker();
            marker.put("persons", counts.persons());
            marker.put("personsWithoutFactor", counts.personsWithoutFactor());
            marker.put("exposedMask", counts.exposedMask());
            marker.put("records", counts.records());
            if (counts.records() == 0) {
                throw new LoadLimitException("no entry to write: under --disclosure gated only persons with a"
                        + " factor get one, and none of the " + counts.persons() + " persons has a valid factor"
                        + " (see fieldsRejected factor.*): nothing to load");
            }
            dir.mark(MERGE, marker);
            dir.notePeak();
            dir.delete(PersonSpill.PREFIX + "-");
            report.phaseSeconds.put("merge", seconds(System.nanoTime() - t));
            merged = marker;
        } else {
            report.piecesReused++;
        }
        report.persons = merged.path("persons").asLong();
        report.personsWithoutFactor = merged.path("personsWithoutFactor").asLong();
        report.exposedMask = merged.path("exposedMask").asInt();
        return merged;
    }

    /** Phases compute and seal: {@code N}, {@code B_D}, {@code L}, then the sealed ranges and the padded size. */
    private JsonNode computeAndSeal(WorkDir dir, int partitions, long records, Workers workers, LoadReport.Builder report)
            throws IOException, InterruptedException {
        long t = System.nanoTime();
        EntryEvaluation.Totals totals = EntryEvaluation.run(dir, partitions, options.key().key(), workers, records, progress);
        report.piecesReused += totals.partitionsReused();
        int bits = BucketBits.forEntries(totals.entries());
        byte[] loadId = LoadIds.derive(options.key().paddingKey(), options.datasetId(), bits, totals.digest());
        DatasetLoad load = new DatasetLoad(options.datasetId(), loadId, bits);
        long t1 = System.nanoTime();
        report.phaseSeconds.put("compute", seconds(t1 - t));

        int rangeBits = Partitions.rangeBits(totals.entries(), bits, inputBytesPerPartition / 4);
        AtomicIntegerArray counts = BucketSealing.run(dir, partitions, load, rangeBits, workers, totals.entries(), progress);
        int max = 0;
        for (int b = 0; b < counts.length(); b++) {
            max = Math.max(max, counts.get(b));
        }
        ObjectNode marker = dir.newMarker();
        marker.put("entries", totals.entries());
        ObjectNode kinds = marker.putObject("byKind");
        totals.byKind().forEach(kinds::put);
        marker.put("bucketBits", bits);
        marker.put("loadId", load.loadIdHex());
        marker.put("rangeBits", rangeBits);
        marker.put("maxBucket", max);
        marker.put("paddedSize", paddedSize(max));
        dir.mark(SEAL, marker);
        dir.notePeak();
        dir.delete(EntryEvaluation.PREFIX + "-");
        report.phaseSeconds.put("seal", seconds(System.nanoTime() - t1));
        return marker;
    }

    /**
     * After a failure: every file that came from an identity goes (the person and entry
     * partitions, the OPRF outputs). Sealed ranges hold only what the table will hold: they stay
     * for a rerun, with their markers.
     */
    private static void discardAfterFailure(WorkDir dir) throws IOException {
        if (dir.marker(SEAL).isEmpty()) {
            dir.close(true);
            return;
        }
        dir.delete(PersonSpill.PREFIX + "-");
        dir.delete(PersonMerge.PREFIX + "-");
        dir.delete(EntryEvaluation.PREFIX + "-");
        dir.close(false);
    }

    private static void fillRead(JsonNode m, LoadReport.Builder report) {
        report.partitions = m.path("partitions").asInt();
        report.rowsRead = m.path("rowsRead").asLong();
        report.rowsAccepted = m.path("rowsAccepted").asLong();
        report.emptyLines = m.path("emptyLines").asLong();
        report.encoding = m.path("encoding").asText();
        report.delimiter = m.path("delimiter").asText();
        readRejections(m.path("rowsRejected"), report.rowsRejected);
        readRejections(m.path("fieldsRejected"), report.fieldsRejected);
    }

    private static void putRejections(ObjectNode out, Rejections from) {
        from.counts().forEach((rule, count) -> {
            ObjectNode r = out.putObject(rule);
            r.put("count", count);
            from.lines(rule).forEach(r.putArray("lines")::add);
        });
    }

    private static void readRejections(JsonNode in, Map<String, LoadReport.Rejected> to) {
        in.fields().forEachRemaining(e -> {
            List<Long> lines = new java.util.ArrayList<>();
            e.getValue().path("lines").forEach(l -> lines.add(l.asLong()));
            to.put(e.getKey(), new LoadReport.Rejected(e.getValue().path("count").asLong(), lines));
        });
    }

    /**
     * What the work directory's files depend on, besides the export: the dataset, the key, the
     * policy, the mapping and the source options. Not the end date, the title or the notice, which
     * only the manifest and the write carry.
     */
    private String optionsFingerprint() {
        ColumnMapping m = options.readMapping();
        String text = String.join("\n", SPILL_FORMAT, options.datasetId(), options.key().keyId(),
                options.disclosure().label(), options.source().toString(), String.valueOf(m.lastName()),
                String.valueOf(m.birthName()), String.valueOf(m.firstNames()), String.valueOf(m.birthDate()),
                String.valueOf(m.nir()), String.valueOf(m.personKey()), String.valueOf(m.factor()),
                String.valueOf(m.groups()), Long.toString(inputBytesPerPartition));
        return HexFormat.of().formatHex(PersonSpill.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256(java.nio.file.Path file, Progress progress) throws IOException {
        MessageDigest sha256 = PersonSpill.sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
                progress.advance(n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * The dataset's current manifest, when it can be read. One the store cannot read (an older
     * layout, a hand edit) names no load this one could keep the load time of: the new manifest
     * replaces it like any other, and the cleanup deletes the items of the load it named.
     */
    private Optional<DatasetManifest> previousManifest(BucketTable table) {
        try {
            return table.manifest(options.datasetId());
        } catch (StoreException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * {@code P = max(16, ceil(largest / 16) * 16)} (§6.1), checked against DynamoDB's 400 KB item
     * limit. Runs before anything is written, so a load that cannot fit never touches the table.
     *
     * @throws LoadLimitException naming the counts when the largest item would not fit
     */
    static int paddedSize(int largestBucket) {
        long padded = BucketItem.paddedSize(largestBucket);
        if (padded > MAX_PADDED_SIZE) {
            throw new LoadLimitException(String.format("the largest bucket holds %,d entries: padded to %,d"
                    + " entries of %d bytes, its item would be %,d bytes, over DynamoDB's 400 KB item limit (at most"
                    + " %,d entries per item); nothing was written", largestBucket, padded, Entry.SIZE,
                    padded * Entry.SIZE, MAX_PADDED_SIZE));
        }
        return (int) padded;
    }

    private DatasetManifest manifest(DatasetLoad load, LoadReport.Builder report) {
        return new DatasetManifest(options.datasetId(), options.title(), options.description(), report.persons,
                report.entries, report.entriesByKind, load.bucketBits(), report.paddedSize, Entry.SIZE,
                options.key().keyId(), Labels.PROTOCOL_VERSION, load.loadIdHex(), clock.instant(),
                options.disclosure(), report.exposedMask, options.factor(), options.servedUntil(), options.notice());
    }

    private static DatasetManifest withLoadedAt(DatasetManifest m, Instant loadedAt) {
        return new DatasetManifest(m.datasetId(), m.title(), m.description(), m.patients(), m.entries(),
                m.entriesByKind(), m.bucketBits(), m.paddedBucketSize(), m.entrySize(), m.keyId(), m.protocolVersion(),
                m.loadId(), loadedAt, m.disclosure(), m.exposedMask(), m.factor(), m.servedUntil(), m.notice());
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    /**
     * The table: each range in BatchWriteItem calls, in parallel, retried (the store's
     * {@link BucketTable#writeBuckets}), paced to at most {@code writeUnitsPerSecond} write request
     * units a second on average (one unit per KB of item, rounded up), so that a load stays within
     * what an on-demand table sustains without throttling: 4,000 units a second for a new table,
     * twice its previous peak after that (docs/loader.md, "DynamoDB at scale"). 0: no pacing.
     */
    static final class TableSink implements BucketWriting.Sink {
        private final BucketTable table;
        private final WriteOptions writeOptions;
        private final Instant servedUntil;
        private final Progress progress;
        private final int writeUnitsPerSecond;

        TableSink(BucketTable table, WriteOptions writeOptions, Instant servedUntil, int writeUnitsPerSecond,
                  Progress progress) {
            this.table = table;
            this.writeOptions = writeOptions;
            this.servedUntil = servedUntil;
            this.writeUnitsPerSecond = writeUnitsPerSecond;
            this.progress = progress;
        }

        @Override
        public void write(DatasetLoad load, List<StoredBucket> items) {
            if (writeUnitsPerSecond == 0 || items.isEmpty()) {
                table.writeBuckets(load, servedUntil, items, writeOptions, progress);
                return;
            }
            int units = writeUnits(items.get(0).entries().length);
            // One second of units per call, at least one BatchWriteItem's 25 items.
            int chunk = Math.max(25, writeUnitsPerSecond / units);
            for (int from = 0; from < items.size(); from += chunk) {
                List<StoredBucket> part = items.subList(from, Math.min(items.size(), from + chunk));
                long start = System.nanoTime();
                table.writeBuckets(load, servedUntil, part, writeOptions, progress);
                long minimum = (long) part.size() * units * 1_000_000_000L / writeUnitsPerSecond;
                long wait = minimum - (System.nanoTime() - start);
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("the write was interrupted", e);
                    }
                }
            }
        }

        /** Write request units of an item with {@code entryBytes} of entries: its keys and attributes add ~100 bytes. */
        static int writeUnits(int entryBytes) {
            return (entryBytes + ITEM_OVERHEAD_BYTES + 1023) / 1024;
        }

        @Override
        public String target() {
            return table.target();
        }
    }

    /** Bytes of a bucket item besides its entries: key names and values, {@code entries}, {@code expiresAt}. */
    static final int ITEM_OVERHEAD_BYTES = 100;
    /** What a new on-demand table sustains: {@code --write-units}' default against AWS. */
    public static final int NEW_TABLE_WRITE_UNITS = 4_000;

    /** A dry run's: the items are made, then dropped. */
    private record DiscardingSink(Progress progress) implements BucketWriting.Sink {
        @Override
        public void write(DatasetLoad load, List<StoredBucket> items) {
            progress.advance(items.size());
        }

        @Override
        public String target() {
            return null;
        }
    }
}
