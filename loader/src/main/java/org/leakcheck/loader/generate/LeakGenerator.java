package org.leakcheck.loader.generate;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.leakcheck.store.Progress;

/**
 * Writes a synthetic leak of French laboratory patients as CSV, modelled on what was reported of
 * the February 2021 leak (491,840 patients, about 60 columns), plus an optional known-answers
 * sidecar for tests and demos (see {@link KnownAnswers}).
 *
 * <h2>Content</h2>
 * 60 columns ({@link LeakColumns}), French headers, {@code ;}-separated by default, CRLF line ends,
 * RFC 4180 quoting. People are drawn from built-in lists of common names and public geography:
 * accented, compound and particle names ("Lefèvre", "Le Gall", "Da Silva", "de la Fontaine",
 * "N'Diaye", "Müller"), compound and multiple first names ("Jean-Pierre", "Marie, Claire"),
 * NIRs consistent with sex, birth year, month and department (2A/2B for Corsica from 1976, 97x
 * overseas, 99 abroad) with valid keys. E-mail addresses use the reserved {@code .example} domain.
 *
 * <h2>Dirt, at the rates of {@link DirtRates}</h2>
 * <ul>
 *   <li>35% of people have 2 to 4 rows (one per sample), with the same person number;</li>
 *   <li>NIR: 5% of people never have one, 1% have a wrong key, 2% of rows leave it empty;
 *       10% of rows write it with spaces, 2% with dots, 3% with the key apart;</li>
 *   <li>names: 60% of rows upper-case the last name, 3% lower-case the names, 5% drop accents,
 *       4% add stray spaces, 20% write a hyphenated first name with a space, 15% write an
 *       apostrophe as U+2019; 30% of women have a birth name other than their usage name;</li>
 *   <li>dates: 20% of rows write every date {@code jj/mm/aaaa} (else {@code aaaa-mm-jj});
 *       0.3% of rows have no birth date;</li>
 *   <li>contact: 20% of people have no e-mail, 4% no phone;</li>
 *   <li>0.1% of rows are followed by an empty line; 25% of rows have a free-text comment, some
 *       holding quotes, the delimiter or a line break;</li>
 *   <li>{@code ISO-8859-1} output writes œ as "oe" and U+2019 as an ASCII apostrophe.</li>
 * </ul>
 *
 * <h2>Determinism and speed</h2>
 * Each person is drawn from its own SplitMix64 generator seeded by (seed, index) ({@link Rng}),
 * so the same options give a byte-identical file whatever the number of threads; a {@code .gz}
 * output name gives gzip output: one gzip member per chunk, compressed by the workers, each with
 * a zero timestamp, so it is reproducible too. Worker
 * threads draw chunks of people while one thread writes them in order; memory stays bounded by
 * the few chunks in flight. The file is written under a temporary name and moved into place when
 * complete.
 */
public final class LeakGenerator {

    /** Stream number of the people written (the absent known answers use another one). */
    static final long PATIENT_STREAM = 0;
    private static final int CHUNK = 2048;
    private static final int PROGRESS_EVERY = 8192;

    private final GeneratorOptions options;
    private final GeneratorData data;

    public LeakGenerator(GeneratorOptions options) {
        this.options = options;
        this.data = new GeneratorData();
    }

    /** A chunk of consecutive people, drawn and encoded by a worker. */
    private record Chunk(byte[] bytes, Patient[] patients, PatientRows[] rows) {
    }

    /**
     * Writes the leak to {@code csvOut} (gzip if its name ends with {@code .gz}) and, if
     * {@code knownAnswersOut} is not null, the known-answers JSON there.
     *
     * @throws IOException if a file cannot be written (nothing is left under {@code csvOut} then)
     */
    public GenerationSummary generate(Path csvOut, Path knownAnswersOut, Progress progress) throws IOException {
        long started = System.nanoTime();
        long total = options.patients();
        Charset charset = options.encoding();
        NameForms forms = new NameForms();
        PatientFactory factory = new PatientFactory(data, forms);
        RowWriter writer = new RowWriter(data, forms, factory, options.delimiter(),
                StandardCharsets.ISO_8859_1.equals(charset));
        KnownAnswers answers = knownAnswersOut == null ? null : new KnownAnswers(total, options.seed(), factory, forms);

        long rows = 0;
        long emptyLines = 0;
        long multiRow = 0;
        long nirMissing = 0;
        long nirWrongKey = 0;
        long birthNameDiffers = 0;
        long reported = 0;
        progress.start("generate", "patients", total);
        Path partial = csvOut.resolveSibling(csvOut.getFileName() + ".part");
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), daemonThreads());
        try {
            boolean gzip = isGzip(csvOut);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                StringBuilder header = new StringBuilder(1024);
                writer.header(header);
                out.write(encode(header, charset, gzip));
                Deque<Future<Chunk>> inFlight = new ArrayDeque<>();
                long nextStart = 0;
                long done = 0;
                long nextProgress = 0;
                while (nextStart < total || !inFlight.isEmpty()) {
                    while (inFlight.size() < options.threads() * 2 && nextStart < total) {
                        long start = nextStart;
                        int count = (int) Math.min(CHUNK, total - start);
                        inFlight.add(pool.submit(() -> drawChunk(start, count, factory, writer, charset, gzip)));
                        nextStart += count;
                    }
                    Chunk chunk = await(inFlight.poll());
                    out.write(chunk.bytes());
                    for (int i = 0; i < chunk.patients().length; i++) {
                        Patient p = chunk.patients()[i];
                        PatientRows r = chunk.rows()[i];
                        rows += r.rows;
                        emptyLines += r.emptyLines;
                        multiRow += r.rows > 1 ? 1 : 0;
                        nirMissing += p.nirStatus == Patient.NirStatus.MISSING ? 1 : 0;
                        nirWrongKey += p.nirStatus == Patient.NirStatus.WRONG_KEY ? 1 : 0;
                        birthNameDiffers += p.birthName != null ? 1 : 0;
                        if (answers != null) {
                            answers.observe(p, r);
                        }
                    }
                    done += chunk.patients().length;
                    if (done >= nextProgress) {
                        progress.advance(done - reported);
                        reported = done;
                        nextProgress = done + PROGRESS_EVERY;
                    }
                }
            }
            Files.move(partial, csvOut, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            pool.shutdownNow();
            Files.deleteIfExists(partial);
        }
        progress.advance(total - reported);
        progress.finish();
        int knownAnswers = 0;
        if (answers != null) {
            Path partialAnswers = knownAnswersOut.resolveSibling(knownAnswersOut.getFileName() + ".part");
            answers.write(partialAnswers);
            Files.move(partialAnswers, knownAnswersOut, StandardCopyOption.REPLACE_EXISTING);
            knownAnswers = answers.cases().size();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new GenerationSummary(total, rows, emptyLines, Files.size(csvOut), millis, knownAnswers,
                multiRow, nirMissing, nirWrongKey, birthNameDiffers);
    }

    private Chunk drawChunk(long start, int count, PatientFactory factory, RowWriter writer, Charset charset,
                            boolean gzip) {
        StringBuilder text = new StringBuilder(count * 900);
        Patient[] patients = new Patient[count];
        PatientRows[] rows = new PatientRows[count];
        for (int i = 0; i < count; i++) {
            long index = start + i;
            Rng rng = Rng.of(options.seed(), PATIENT_STREAM, index);
            patients[i] = factory.create(index, rng);
            rows[i] = new PatientRows();
            writer.write(patients[i], rng, text, rows[i]);
        }
        return new Chunk(encode(text, charset, gzip), patients, rows);
    }

    /**
     * Encodes text, as a complete gzip member when compressing. A sequence of members is one valid
     * gzip file (RFC 1952 section 2.2), so the workers compress in parallel and the writer only
     * concatenates.
     */
    private static byte[] encode(CharSequence text, Charset charset, boolean gzip) {
        byte[] bytes = text.toString().getBytes(charset);
        if (!gzip) {
            return bytes;
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream member = new GZIPOutputStream(compressed, 1 << 16)) {
            member.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return compressed.toByteArray();
    }

    private static Chunk await(Future<Chunk> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("generation interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("generation worker failed", cause);
        }
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "generate-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
