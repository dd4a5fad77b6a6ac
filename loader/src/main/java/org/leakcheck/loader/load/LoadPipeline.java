package org.leakcheck.loader.load;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.leakcheck.loader.source.CsvSource;
import org.leakcheck.loader.source.Rejections;
import org.leakcheck.loader.source.SourceRow;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.lookup.PaddingFiller;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.BucketWrite;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.WriteOptions;

/**
 * One load, in phases:
 *
 * <ol>
 *   <li><b>read</b>: stream the export, canonicalize each row's identities, merge rows per person; each
 *       new identity goes straight to the OPRF workers, so evaluation overlaps reading;</li>
 *   <li><b>compute</b>: finish RFC 9497 Evaluate on all threads, then seal every entry and pick its bucket
 *       (the exposure masks are final only once the whole file is read);</li>
 *   <li><b>pad</b>: pad every bucket to the same size with deterministic filler and sort it;</li>
 *   <li><b>write</b>: BatchWriteItem every bucket item (in parallel, retried);</li>
 *   <li><b>manifest</b>: written last, so a dataset is served only once it is complete.</li>
 * </ol>
 *
 * Nothing here ever prints, logs or reports a value from the file: only counts, rules and line numbers.
 */
public final class LoadPipeline {
    /** Bucket items are padded to a multiple of this, so the padded size does not give away the exact largest bucket. */
    static final int PAD_MULTIPLE = 16;

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
        LoadReport report = new LoadReport();
        try (OprfEvaluator evaluator = new OprfEvaluator(options.key().key(), options.threads())) {
            long t0 = System.nanoTime();
            IdentityIndex index = read(report, evaluator);
            long t1 = System.nanoTime();
            report.phaseSeconds.put("read", seconds(t1 - t0));
            if (report.rowsAccepted == 0) {
                throw new IllegalStateException("no row of " + options.input().getFileName() + " was accepted ("
                        + report.rowsRead + " rows read, " + report.rowsRejectedTotal() + " rejected: "
                        + report.rowsRejected.keySet() + "): nothing to load");
            }
            report.persons = index.persons();
            report.entries = index.identities();
            report.entriesByKind.putAll(index.entriesByKind());

            progress.start("compute", "entries", report.entries);
            progress.advance(evaluator.completed());
            evaluator.reportTo(progress);
            evaluator.awaitAll();
            List<IdentityIndex.Slot> slots = index.drain();
            List<List<byte[]>> buckets = new EntrySealer(options.datasetId(), options.bucketBits(), options.threads()).seal(slots);
            progress.finish();
            long t2 = System.nanoTime();
            report.phaseSeconds.put("compute", seconds(t2 - t1));

            List<BucketWrite> items = pad(buckets, report);
            report.phaseSeconds.put("pad", seconds(System.nanoTime() - t2));
            return new PreparedLoad(items, manifest(report), report);
        }
    }

    /** All phases: prepare, then write the items and, last, the manifest. */
    public LoadReport load(BucketTable table, WriteOptions writeOptions) throws IOException, InterruptedException {
        Optional<DatasetManifest> previous = table.manifest(options.datasetId());
        previous.ifPresent(this::requireCompatible);
        PreparedLoad prepared = prepare();
        LoadReport report = prepared.report();
        DatasetManifest manifest = prepared.manifest();
        boolean unchanged = previous.isPresent() && sameContent(previous.get(), manifest);
        if (unchanged) {
            // Same file, same key: keep the first load time so that a reload leaves the table byte-identical.
            manifest = withLoadedAt(manifest, previous.get());
        }

        long t0 = System.nanoTime();
        progress.start("write", "items", prepared.items().size());
        table.writeBuckets(options.datasetId(), prepared.items(), writeOptions, progress::advance);
        progress.finish();
        long t1 = System.nanoTime();
        report.phaseSeconds.put("write", seconds(t1 - t0));
        table.putManifest(manifest);
        report.phaseSeconds.put("manifest", seconds(System.nanoTime() - t1));
        return report;
    }

    private IdentityIndex read(LoadReport report, OprfEvaluator evaluator) throws IOException {
        Rejections rows = new Rejections();
        Rejections fields = new Rejections();
        IdentityIndex index = new IdentityIndex();
        try (CsvSource source = CsvSource.open(options.input(), options.source(), options.mapping(), rows)) {
            report.encoding = source.encoding().name();
            report.delimiter = source.delimiter() == '\t' ? "tab" : String.valueOf(source.delimiter());
            progress.start("read", "rows", -1);
            long reported = 0;
            for (SourceRow row = source.next(); row != null; row = source.next()) {
                RowIdentities.Result result = RowIdentities.of(row, fields::reject);
                if (result.accepted()) {
                    report.rowsAccepted++;
                    index.add(personKey(row, result.identities()), result.identities(), row.exposureMask(), evaluator::submit);
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

    private List<BucketWrite> pad(List<List<byte[]>> buckets, LoadReport report) {
        int max = buckets.stream().mapToInt(List::size).max().orElse(0);
        int padded = Math.max(PAD_MULTIPLE, (max + PAD_MULTIPLE - 1) / PAD_MULTIPLE * PAD_MULTIPLE);
        byte[] paddingKey = PaddingFiller.paddingKey(options.key().key().serialize());
        List<BucketWrite> items = new ArrayList<>(buckets.size());
        for (int b = 0; b < buckets.size(); b++) {
            byte[] item = BucketItem.encode(buckets.get(b), padded, new PaddingFiller(paddingKey, options.datasetId(), b));
            buckets.set(b, null);
            items.add(new BucketWrite(b, item));
        }
        report.buckets = items.size();
        report.maxBucketSize = max;
        report.paddedBucketSize = padded;
        return items;
    }

    private DatasetManifest manifest(LoadReport report) {
        return new DatasetManifest(options.datasetId(), options.title(), options.description(), report.persons,
                report.entries, report.entriesByKind, report.buckets, Entry.SIZE, report.paddedBucketSize,
                options.key().keyId(), Labels.PROTOCOL_VERSION, options.bucketBits(), clock.instant());
    }

    private void requireCompatible(DatasetManifest previous) {
        if (previous.bucketBits() != options.bucketBits()) {
            throw new IllegalStateException("dataset " + options.datasetId() + " is loaded with " + previous.bucketBits()
                    + " bucket bits, not " + options.bucketBits() + ": run delete-dataset first");
        }
    }

    private static boolean sameContent(DatasetManifest a, DatasetManifest b) {
        return a.equals(withLoadedAt(b, a));
    }

    private static DatasetManifest withLoadedAt(DatasetManifest m, DatasetManifest from) {
        return new DatasetManifest(m.datasetId(), m.title(), m.description(), m.patients(), m.entries(),
                m.entriesByKind(), m.buckets(), m.entrySize(), m.paddedBucketSize(), m.keyId(), m.protocolVersion(),
                m.bucketBits(), from.loadedAt());
    }

    private static void copy(Rejections from, java.util.Map<String, LoadReport.Rejected> to) {
        from.counts().forEach((rule, count) -> to.put(rule, new LoadReport.Rejected(count, from.lines(rule))));
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }
}
