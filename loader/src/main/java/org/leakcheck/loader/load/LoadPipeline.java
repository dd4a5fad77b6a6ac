package org.leakcheck.loader.load;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.leakcheck.loader.source.CsvSource;
import org.leakcheck.loader.source.Rejections;
import org.leakcheck.loader.source.SourceRow;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.lookup.LoadIds;
import org.leakcheck.protocol.lookup.PaddingFiller;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.Progress;
import org.leakcheck.store.StoreException;
import org.leakcheck.store.StoredBucket;
import org.leakcheck.store.TableLayout;
import org.leakcheck.store.WriteOptions;

/**
 * One load ({@code docs/protocol.md} §3, §5, §6), in phases:
 *
 * <ol>
 *   <li><b>read</b>: stream the export, canonicalize each row's identities and factors, merge rows per
 *       person into the entries the disclosure policy writes (plain, factor-bound or both:
 *       {@link IdentityIndex}); each new entry goes straight to the OPRF workers, so evaluation
 *       overlaps reading;</li>
 *   <li><b>compute</b>: finish RFC 9497 Evaluate on all threads; the exposure masks are final only
 *       once the whole file is read. Then choose {@code B_D = BucketBits.forEntries(N)}, sum the
 *       content digest on all threads, derive the load id {@code L} from it, and seal every entry
 *       into the bucket its OPRF output gives in {@code (D, L, B_D)};</li>
 *   <li><b>pad</b>: check that the largest item fits in a DynamoDB item, then pad every bucket to
 *       the same size {@code P} with the load's deterministic filler, and sort it;</li>
 *   <li><b>write</b>: BatchWriteItem every bucket item of {@code (D, L)} (in parallel, retried), each
 *       with the TTL attribute {@code expiresAt} = servedUntil + 30 days;</li>
 *   <li><b>manifest</b>: names {@code L}, which makes it the served load; it carries the policy,
 *       the end date, the notice and the factor's label;</li>
 *   <li><b>cleanup</b>: delete the items of {@code D} under any other load.</li>
 * </ol>
 *
 * The same content under the same key gives the same {@code L}, hence byte-identical items, and a
 * reload keeps the first {@code loadedAt}: the table converges, whether the previous run finished or
 * was killed at any point. Changed content gives a new {@code L}: the old load stays served until
 * the new manifest replaces it, and is deleted after.
 *
 * <p>Nothing here ever prints, logs or reports a value from the file: only counts, rules and line numbers.
 */
public final class LoadPipeline {
    /** The largest padded size whose item fits in DynamoDB's 400 KB limit, rounded down to {@link BucketItem#PAD_MULTIPLE}. */
    static final int MAX_PADDED_SIZE = TableLayout.MAX_ENTRIES_BYTES / Entry.SIZE / BucketItem.PAD_MULTIPLE * BucketItem.PAD_MULTIPLE;

    private final LoadOptions options;
    private final Progress progress;
    private final Clock clock;

    public LoadPipeline(LoadOptions options, Progress progress, Clock clock) {
        this.options = options;
        this.progress = progress;
        this.clock = clock;
    }

    /** Phases read, compute and pad: everything but I/O to the table (this is what {@code --dry-run} runs). */
    public PreparedLoad prepare() throws IOException, InterruptedException {
        LoadReport.Builder report = new LoadReport.Builder();
        List<List<byte[]>> buckets;
        DatasetLoad load;
        try (OprfEvaluator evaluator = new OprfEvaluator(options.key().key(), options.threads())) {
            long t0 = System.nanoTime();
            IdentityIndex index = read(report, evaluator);
            report.disclosure = options.disclosure().label();
            report.servedUntil = options.servedUntil().toString();
            report.factorIgnored = !options.disclosure().usesFactor() && !options.mapping().factor().isEmpty();
            long t1 = System.nanoTime();
            report.phaseSeconds.put("read", seconds(t1 - t0));
            if (report.rowsAccepted == 0) {
                throw new IllegalStateException("no row of " + options.input().getFileName() + " was accepted ("
                        + report.rowsRead + " rows read, " + report.rowsRejectedTotal() + " rejected: "
                        + report.rowsRejected.keySet() + "): nothing to load");
            }
            report.persons = index.persons();
            report.entries = index.entries();
            report.entriesByKind.putAll(index.entriesByKind());
            report.personsWithoutFactor = index.personsWithoutFactor();
            report.exposedMask = index.exposedMask();
            if (report.entries == 0) {
                throw new IllegalStateException("no entry to write: under --disclosure gated only persons with a"
                        + " factor get one, and none of the " + report.persons + " persons has a valid factor"
                        + " (see fieldsRejected factor.*): nothing to load");
            }

            progress.start("compute", "entries", report.entries);
            progress.advance(evaluator.completed());
            evaluator.reportTo(progress);
            evaluator.awaitAll();
            List<IdentityIndex.Slot> slots = index.drain();
            load = loadOf(slots);
            buckets = EntrySealer.seal(slots, load, options.threads());
            progress.finish();
            report.phaseSeconds.put("compute", seconds(System.nanoTime() - t1));
        }
        long t2 = System.nanoTime();
        report.bucketBits = load.bucketBits();
        report.loadId = load.loadIdHex();
        List<StoredBucket> items = pad(buckets, load, report);
        report.phaseSeconds.put("pad", seconds(System.nanoTime() - t2));
        return new PreparedLoad(load, items, manifest(load, report), report);
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

    /** What {@code --dry-run} does: {@link #prepare()}, and its report. */
    public LoadReport dryRun() throws IOException, InterruptedException {
        return prepare().report();
    }

    /**
     * All phases: prepare, then write every item of the load, then its manifest, then delete the
     * dataset's other loads (§6.4).
     */
    public LoadReport load(BucketTable table, WriteOptions writeOptions) throws IOException, InterruptedException {
        Optional<DatasetManifest> previous = previousManifest(table);
        PreparedLoad prepared = prepare();
        LoadReport.Builder report = prepared.counts;
        DatasetManifest manifest = prepared.manifest();
        if (previous.isPresent() && previous.get().loadId().equals(manifest.loadId())) {
            // Same content, same key: keep the first load time so that a reload leaves the table byte-identical.
            manifest = withLoadedAt(manifest, previous.get().loadedAt());
        }

        long t0 = System.nanoTime();
        progress.start("write", "items", prepared.items().size());
        table.writeBuckets(prepared.load(), manifest.servedUntil(), prepared.items(), writeOptions, progress);
        progress.finish();
        long t1 = System.nanoTime();
        report.phaseSeconds.put("write", seconds(t1 - t0));
        table.putManifest(manifest);
        long t2 = System.nanoTime();
        report.phaseSeconds.put("manifest", seconds(t2 - t1));
        progress.start("cleanup", "items", -1);
        report.itemsDeleted = table.deleteOtherLoads(prepared.load(), writeOptions, progress);
        progress.finish();
        report.phaseSeconds.put("cleanup", seconds(System.nanoTime() - t2));
        return report.build(false);
    }

    /** {@code B_D} from the entry count, then {@code L} from the content digest (§3, §6.3). */
    private DatasetLoad loadOf(List<IdentityIndex.Slot> slots) throws InterruptedException {
        int bits = BucketBits.forEntries(slots.size());
        LoadIds.Digest digest = EntrySealer.digest(slots, options.threads());
        byte[] loadId = LoadIds.derive(options.key().paddingKey(), options.datasetId(), bits, digest);
        return new DatasetLoad(options.datasetId(), loadId, bits);
    }

    private IdentityIndex read(LoadReport.Builder report, OprfEvaluator evaluator) throws IOException {
        Rejections rows = new Rejections();
        Rejections fields = new Rejections();
        IdentityIndex index = new IdentityIndex(options.disclosure());
        try (CsvSource source = CsvSource.open(options.input(), options.source(), options.readMapping(), rows)) {
            report.encoding = source.encoding().name();
            report.delimiter = source.delimiter() == '\t' ? "tab" : String.valueOf(source.delimiter());
            progress.start("read", "rows", -1);
            long reported = 0;
            for (SourceRow row = source.next(); row != null; row = source.next()) {
                RowIdentities.Result result = RowIdentities.of(row, fields::reject);
                if (result.accepted()) {
                    report.rowsAccepted++;
                    index.add(personKey(row, result.identities()), result.identities(), result.factors(),
                            row.exposureMask(), evaluator::submit);
                } else {
                    rows.reject(row.lineNumber(), result.rejectionRule());
                }
                long read = source.recordsRead();
                if (read - reported >= 1000) {
                    progress.advance(read - reported);
                    reported = read;
                    if (source.bytesRead() > 0 && source.sizeBytes() > 0) {
                        progress.total(read * source.sizeBytes() / source.bytesRead());
                    }
                }
            }
            progress.advance(source.recordsRead() - reported);
            progress.finish();
            report.rowsRead = source.rowsReturned() + source.rejected();
            report.emptyLines = source.emptyLines();
        }
        copy(rows, report.rowsRejected);
        copy(fields, report.fieldsRejected);
        return index;
    }

    /** The person a row belongs to: the export's person key when mapped, else its first identity. */
    private static String personKey(SourceRow row, List<Identity> identities) {
        if (row.personKey() != null && !row.personKey().isBlank()) {
            return "key:" + row.personKey().strip();
        }
        return "id:" + java.util.HexFormat.of().formatHex(identities.get(0).canonicalBytes());
    }

    private List<StoredBucket> pad(List<List<byte[]>> buckets, DatasetLoad load, LoadReport.Builder report) {
        int max = buckets.stream().mapToInt(List::size).max().orElse(0);
        int padded = paddedSize(max);
        byte[] paddingKey = options.key().paddingKey();
        List<StoredBucket> items = new ArrayList<>(buckets.size());
        for (int b = 0; b < buckets.size(); b++) {
            byte[] item = BucketItem.encode(buckets.get(b), padded, new PaddingFiller(paddingKey, load, b));
            buckets.set(b, null);
            items.add(new StoredBucket(b, item));
        }
        report.buckets = items.size();
        report.maxBucketSize = max;
        report.paddedSize = padded;
        return items;
    }

    /**
     * {@code P = max(16, ceil(largest / 16) * 16)} (§6.1), checked against DynamoDB's 400 KB item
     * limit. Runs before anything is written, so a load that cannot fit never touches the table.
     *
     * @throws IllegalStateException naming the counts when the largest item would not fit
     */
    static int paddedSize(int largestBucket) {
        long padded = BucketItem.paddedSize(largestBucket);
        if (padded > MAX_PADDED_SIZE) {
            throw new IllegalStateException(String.format("the largest bucket holds %,d entries: padded to %,d"
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

    private static void copy(Rejections from, java.util.Map<String, LoadReport.Rejected> to) {
        from.counts().forEach((rule, count) -> to.put(rule, new LoadReport.Rejected(count, from.lines(rule))));
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }
}
