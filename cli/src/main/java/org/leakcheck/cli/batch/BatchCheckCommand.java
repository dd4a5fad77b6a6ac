package org.leakcheck.cli.batch;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.leakcheck.client.ApiProblemException;
import org.leakcheck.client.BatchOptions;
import org.leakcheck.client.BatchResult;
import org.leakcheck.client.BatchRun;
import org.leakcheck.client.DatasetInfo;
import org.leakcheck.client.KeyMismatchException;
import org.leakcheck.client.LeakcheckClient;
import org.leakcheck.client.LeakcheckException;
import org.leakcheck.client.NetworkException;
import org.leakcheck.client.QuotaExhaustedException;
import org.leakcheck.client.RateLimitedException;
import org.leakcheck.client.ResponseException;
import org.leakcheck.loader.cli.ProgressBar;
import org.leakcheck.loader.source.ColumnMapping;
import org.leakcheck.loader.source.SourceException;
import org.leakcheck.loader.source.SourceOptions;
import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.Verdicts;

/**
 * {@code leakcheck check --batch members.csv ... --out results.csv}: an organization checks its
 * members (docs/batch.md). Reads the file as the loader reads a leak ({@link MemberReader}), checks
 * every person with the Java client's streaming batch check ({@link LeakcheckClient#checkAll}),
 * and writes one row per input record, in input order ({@link ResultRow}), resumable after a kill
 * ({@link ResultFile}, {@link RunHeader}). Nothing it writes or prints holds an identity or a factor.
 *
 * <p>Exit status {@value #COMPLETE} when every row got a verdict, {@value #INCOMPLETE} otherwise
 * (rejected rows, errors, a run stopped by a quota or a refusal, a usage error).
 */
@Command(name = "leakcheck check --batch", sortOptions = false, mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {"Checks every member of a CSV file against a leakcheck API (protocol v2), as the page checks "
                + "one person: each person's NIR and name with birth date, each alone and bound to their factor, "
                + "blinded; the service learns the list's size and timing, nothing else. Up to 64 persons per "
                + "request with a registered caller's API key (batch.limit 256).", "",
            "Example (a mutuelle, its member file with its own member number column):",
            "  leakcheck check --api https://abc123.execute-api.eu-west-3.amazonaws.com/prod \\",
            "      --public-key key.pub.json --api-key-file ~/.leakcheck-key \\",
            "      --batch members.csv --mapping members.json --factor-column numero_adherent \\",
            "      --id-column member_id --out results.csv",
            "  (killed or stopped by the quota? the same command with --resume continues it)", "",
            "members.json maps the file's headers, with the loader's keys (docs/loader.md):",
            "  {\"identity.nir\": \"nir\", \"identity.lastName\": \"nom\", \"identity.firstNames\": \"prenoms\",",
            "   \"identity.birthDate\": \"date_naissance\", \"person.key\": \"member_id\"}", "",
            "Output, one row per input record, in input order (docs/batch.md): line,id,verdict,datasets,access,kinds,notes",
            "  verdict found | not-found | rejected | error; per dataset found: kinds (with the person's kinds),",
            "  factor-needed or factor-wrong (membership only, as the dataset's disclosure policy allows).", ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every row got a verdict (found or not found)",
                "2:otherwise: rejected rows, errors, a run stopped early (--resume continues it), a usage error"})
public final class BatchCheckCommand implements Callable<Integer> {

    public static final int COMPLETE = 0;
    public static final int INCOMPLETE = 2;

    @Option(names = "--api", required = true, paramLabel = "URL",
            description = "Base URL of the API (a registered caller: the API Gateway URL; or http://127.0.0.1:PORT)")
    URI api;

    @Option(names = "--public-key", required = true, paramLabel = "FILE",
            description = "The deployment's public-key file (key.pub.json): every evaluation must prove it used this key")
    Path publicKey;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "A file holding your API key (one line; chmod 600: a file other users can read is refused). "
                    + "Without it, the public route's limit applies: one person per request")
    Path apiKeyFile;

    @Option(names = "--batch", required = true, paramLabel = "FILE",
            description = "The members file: CSV (or gzip), encoding and delimiter detected as the loader does")
    Path input;

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "Column mapping, the loader's keys, as .properties or a JSON object (default: the columns "
                    + "`leakcheck loader generate` writes)")
    Path mapping;

    @Option(names = "--factor-column", paramLabel = "COLUMN",
            description = "The column of the factor a membership or gated dataset asks for (e.g. the member number); "
                    + "replaces the mapping's identity.factor")
    String factorColumn;

    @Option(names = "--id-column", paramLabel = "COLUMN",
            description = "Your own row id, copied to the output (replaces the mapping's person.key); never an identity "
                    + "or factor column")
    String idColumn;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The results file (must not exist, unless --resume)")
    Path out;

    @Option(names = "--resume", description = "Continue the run that wrote --out (same input and options), after its "
            + "last complete row")
    boolean resume;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + BatchOptions.DEFAULT_CONCURRENCY,
            description = "Requests in flight, 1 to 64 (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--bucket-reads", paramLabel = "all|needed|auto", defaultValue = "auto",
            description = "all: every bucket of each dataset once (2^B_D reads, independent of the list); needed: only "
                    + "the buckets the list falls in (fewer reads for a short list, but they depend on it); auto "
                    + "(default): all when the list has at least 2^B_D / 4 persons")
    String bucketReads;

    @Option(names = "--buckets-api", paramLabel = "URL",
            description = "Read the buckets from this base URL instead, without the API key: the site's URL, whose "
                    + "CDN caches them, so that they do not count against the key's quota (default: --api)")
    URI bucketsApi;

    @Option(names = "--bucket-cache", paramLabel = "DIR",
            description = "Keep bucket answers here with their ETag; a later run (--resume) revalidates them (304)")
    Path bucketCache;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Force the delimiter (default: detected; \\t for tab)")
    String delimiter;

    @Option(names = "--encoding", paramLabel = "CHARSET", description = "Force the encoding (default: detected, UTF-8 or ISO-8859-1)")
    String encoding;

    @Option(names = "--max-tries", paramLabel = "N", defaultValue = "" + BatchOptions.DEFAULT_MAX_TRIES,
            description = "Tries of a request on 429 throttling, 5xx or a network error (default ${DEFAULT-VALUE})")
    int maxTries;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "Time limit of a request (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command with {@code args}; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new BatchCheckCommand());
        line.setOut(out);
        line.setErr(err);
        line.setParameterExceptionHandler((e, a) -> {
            err.println("leakcheck check --batch: " + e.getMessage());
            e.getCommandLine().usage(err);
            return INCOMPLETE;
        });
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("leakcheck check --batch: error: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
            return INCOMPLETE;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return check(stdout, err);
        } catch (UsageError | SourceException | ResultFile.ResumeException e) {
            err.println("leakcheck check --batch: " + e.getMessage());
            return INCOMPLETE;
        } catch (UncheckedIOException e) {
            err.println("leakcheck check --batch: cannot read " + input + " (" + e.getCause().getClass().getSimpleName() + ")");
            return INCOMPLETE;
        }
    }

    private int check(PrintWriter stdout, PrintWriter err) throws IOException {
        BatchOptions options = options();
        SourceOptions source = sourceOptions();
        PinnedKey key;
        try {
            key = KeyFiles.readPublic(publicKey);
        } catch (IOException | IllegalStateException e) {
            throw new UsageError("--public-key " + publicKey + ": not a readable public-key file");
        }
        if (!Files.isRegularFile(input)) {
            throw new UsageError("--batch " + input + ": no such file");
        }
        ColumnMapping columns = MemberMapping.read(mapping, factorColumn, idColumn);
        LeakcheckClient.Builder builder = LeakcheckClient.builder(api).pinnedKey(key).timeout(Duration.ofSeconds(timeoutSeconds));
        if (bucketsApi != null) {
            builder.bucketsApi(bucketsApi);
        }
        if (apiKeyFile != null) {
            try {
                builder.apiKey(ApiKeyFile.read(apiKeyFile, warning -> err.println("leakcheck check --batch: warning: " + warning)));
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
        }
        LeakcheckClient client = builder.build();

        // One pass first: the fatal problems of the file before anything is sent, the count for the
        // progress bar and for the bucket reads, and the digest the output pins.
        long records = 0;
        long persons = 0;
        try (MemberReader counting = new MemberReader(input, source, columns, 0)) {
            while (counting.hasNext()) {
                counting.next();
                persons++;
            }
            records = counting.slots().size();
        }
        String inputSha = RunHeader.sha256(input);
        String optionsSha = RunHeader.sha256(List.of("key=" + key.keyId(), "mapping=" + (mapping == null ? "default"
                : RunHeader.sha256(mapping)), "factor=" + factorColumn, "id=" + idColumn, "delimiter=" + delimiter,
                "encoding=" + encoding));

        ResultFile.Existing existing = null;
        if (Files.exists(out)) {
            if (!resume) {
                throw new UsageError("--out " + out + " exists: give --resume to continue that run, or another --out");
            }
            existing = ResultFile.read(out);
        } else if (resume) {
            err.println("leakcheck check --batch: " + out + " does not exist yet: starting the run");
        }
        long done = existing == null ? 0 : existing.rows().size();
        Tally tally = new Tally();
        if (existing != null) {
            existing.rows().forEach(tally::add);
        }

        BatchRun run;
        MemberReader reader = new MemberReader(input, source, columns, done);
        try {
            run = client.checkAll(reader, options.withExpectedPersons(persons));
        } catch (KeyMismatchException e) {
            reader.close();
            err.println("leakcheck check --batch: error: " + e.getMessage() + " (expected the key of " + publicKey
                    + ", key id " + key.keyId() + "); nothing was sent");
            return INCOMPLETE;
        } catch (LeakcheckException e) {
            reader.close();
            err.println("leakcheck check --batch: error: " + e.getMessage());
            return INCOMPLETE;
        }
        List<String> datasets = run.service().datasets().stream().map(DatasetInfo::id).toList();
        RunHeader header = new RunHeader(inputSha, Files.size(input), optionsSha, datasets);
        if (existing != null) {
            header.check(existing.headerLine(), out);
        }
        if (apiKeyFile != null && run.personsPerBatch() <= 1) {
            err.println("leakcheck check --batch: warning: the service gives this API key the public limit ("
                    + run.service().batchLimit() + " elements): one person per request. Is the key registered?");
        }
        err.printf("leakcheck check --batch: %,d rows (%,d persons to check%s), %d per request, %s%n", records, persons,
                done > 0 ? ", " + String.format("%,d", done) + " rows already in " + out.getFileName() : "",
                run.personsPerBatch(), datasets.isEmpty() ? "no dataset served" : "datasets " + String.join(", ", datasets));
        for (DatasetInfo d : run.service().datasets()) {
            err.printf("  %s: %s, 2^%d = %,d buckets, %s%n", d.id(), d.disclosure().label(), d.bucketBits(),
                    d.datasetLoad().bucketCount(), run.readsAll(d)
                            ? "all read once (independent of the list)" : "only those the list needs");
        }
        err.flush();

        String stopped = null;
        boolean complete = false;
        // The bar counts the rows this run checks: a resumed run starts after those already written.
        ProgressBar progress = new ProgressBar(err, System.console() != null);
        progress.start("check", "rows", records - done);
        long shown = done;
        try (reader; run; ResultFile file = existing == null ? ResultFile.create(out, header) : ResultFile.append(out, existing)) {
            Long expectedLast = existing == null || existing.rows().isEmpty() ? null
                    : existing.rows().get(existing.rows().size() - 1).line();
            int sinceFlush = 0;
            try {
                while (run.hasNext()) {
                    BatchResult result = run.next();
                    checkResumePoint(reader, expectedLast);
                    expectedLast = null;
                    while (!reader.slots().isEmpty() && reader.slots().peek().rejected()) {
                        done = write(file, tally, rejected(reader.slots().poll()), done);
                    }
                    MemberReader.Slot slot = reader.slots().poll();
                    if (slot == null) {
                        throw new IllegalStateException("a verdict without its input row");
                    }
                    done = write(file, tally, row(slot, result), done);
                    if (++sinceFlush >= run.personsPerBatch()) {
                        file.flush();
                        sinceFlush = 0;
                    }
                    progress.advance(done - shown);
                    shown = done;
                }
                checkResumePoint(reader, expectedLast);
                while (!reader.slots().isEmpty()) {
                    done = write(file, tally, rejected(reader.slots().poll()), done);
                }
                if (reader.leftToSkip() > 0) {
                    throw new ResultFile.ResumeException(out.getFileName() + " has more rows than " + input.getFileName()
                            + " has records");
                }
                complete = true;
            } catch (QuotaExhaustedException e) {
                stopped = e.getMessage() + ". Run the same command with --resume then: it continues after row " + done;
            } catch (KeyMismatchException e) {
                stopped = e.getMessage() + " (expected key id " + key.keyId() + "); no verdict after row " + done
                        + " can be trusted, so none is given";
            } catch (ApiProblemException e) {
                stopped = "the API refused an evaluation: " + e.getMessage() + ". Rows up to " + done + " stand (--resume)";
            } catch (LeakcheckException e) {
                stopped = e.getMessage() + ". Rows up to " + done + " stand (--resume)";
            }
            progress.advance(done - shown);
            progress.finish();
        }
        tally.print(stdout, run.stats(), complete, stopped);
        stdout.printf("  output: %s%n", out);
        stdout.flush();
        return complete && tally.withoutVerdict() == 0 ? COMPLETE : INCOMPLETE;
    }

    /** The first record of a resumed run must follow the row the earlier run wrote last. */
    private void checkResumePoint(MemberReader reader, Long expectedLast) {
        if (expectedLast != null && reader.lastSkippedLine() != expectedLast) {
            throw new ResultFile.ResumeException(out.getFileName() + " does not match " + input.getFileName()
                    + " (its last row is line " + expectedLast + ", the input's record there is line "
                    + reader.lastSkippedLine() + ")");
        }
    }

    private static long write(ResultFile file, Tally tally, ResultRow row, long done) throws IOException {
        file.write(row);
        tally.add(row);
        return done + 1;
    }

    private static ResultRow rejected(MemberReader.Slot slot) {
        return new ResultRow(slot.line(), slot.id() == null ? "" : slot.id(), ResultRow.REJECTED, List.of(), List.of(),
                List.of(), List.of(slot.rejection()));
    }

    static ResultRow row(MemberReader.Slot slot, BatchResult result) {
        String id = slot.id() == null ? "" : slot.id();
        if (result.error().isPresent()) {
            return new ResultRow(slot.line(), id, ResultRow.ERROR, List.of(), List.of(), List.of(),
                    List.of(errorCode(result.error().get())));
        }
        List<String> datasets = new ArrayList<>();
        List<String> access = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (Map.Entry<String, Verdicts.Match> match : result.byDataset().entrySet()) {
            datasets.add(match.getKey());
            access.add(match.getValue().access().label());
            List<String> names = new ArrayList<>();
            for (ExposureKind kind : ExposureKind.values()) {
                if (match.getValue().kinds().contains(kind)) {
                    names.add(kind.name());
                }
            }
            kinds.add(String.join("+", names));
        }
        return new ResultRow(slot.line(), id, datasets.isEmpty() ? ResultRow.NOT_FOUND : ResultRow.FOUND, datasets, access,
                kinds, slot.notes());
    }

    static String errorCode(LeakcheckException e) {
        if (e instanceof NetworkException) {
            return "network";
        }
        if (e instanceof RateLimitedException) {
            return "rate-limited";
        }
        if (e instanceof ApiProblemException problem) {
            return "http-" + problem.status();
        }
        if (e instanceof ResponseException) {
            return "protocol";
        }
        return "error";
    }

    private BatchOptions options() {
        BatchOptions.BucketReads reads = switch (bucketReads) {
            case "all" -> BatchOptions.BucketReads.ALL;
            case "needed" -> BatchOptions.BucketReads.NEEDED;
            case "auto" -> BatchOptions.BucketReads.AUTO;
            default -> throw new UsageError("--bucket-reads: all, needed or auto");
        };
        if (concurrency < 1 || concurrency > 64) {
            throw new UsageError("--concurrency: 1 to 64");
        }
        if (maxTries < 1 || maxTries > 100) {
            throw new UsageError("--max-tries: 1 to 100");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 600) {
            throw new UsageError("--timeout: 1 to 600 seconds");
        }
        BatchOptions options = BatchOptions.defaults().withConcurrency(concurrency).withMaxTries(maxTries)
                .withBucketReads(reads);
        return bucketCache == null ? options : options.withBucketCache(bucketCache);
    }

    private SourceOptions sourceOptions() {
        SourceOptions options = SourceOptions.detect();
        if (delimiter != null) {
            String d = delimiter.equals("\\t") || delimiter.equals("tab") ? "\t" : delimiter;
            if (d.length() != 1) {
                throw new UsageError("--delimiter: one character");
            }
            options = options.withDelimiter(d.charAt(0));
        }
        if (encoding != null) {
            try {
                options = options.withEncoding(Charset.forName(encoding));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new UsageError("--encoding: unknown charset " + encoding.replaceAll("[^A-Za-z0-9_.:-]", "?"));
            }
        }
        return options;
    }

    /** True when {@code args} ask for a batch check ({@code --batch FILE} or {@code --batch=FILE}). */
    public static boolean isBatch(String[] args) {
        for (String arg : args) {
            if (arg.equals("--batch") || arg.startsWith("--batch=")) {
                return true;
            }
        }
        return false;
    }

    private static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

}
