package org.leakcheck.loader.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.leakcheck.loader.load.EndDates;
import org.leakcheck.loader.load.LoadOptions;
import org.leakcheck.loader.load.LoadPipeline;
import org.leakcheck.loader.load.LoadReport;
import org.leakcheck.loader.notice.FactorLabelFile;
import org.leakcheck.loader.notice.NoticeFile;
import org.leakcheck.loader.source.ColumnMapping;
import org.leakcheck.loader.source.SourceOptions;
import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.FactorLabel;
import org.leakcheck.store.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code load}: the leaked export in, padded OPRF bucket items out. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {
            "Reads a leaked patient export (CSV or CSV.gz, streamed), canonicalizes every identity (NIR; "
                + "last name + first name + birth date, with the birth name too when it differs), merges rows of "
                + "the same person, and evaluates the VOPRF on every identity with the key (protocol v2).",
            "",
            "Then it chooses the bucket bits B_D from the number of entries N (the largest B in [0, 24] with "
                + "N >= 256 * 2^B, so every bucket holds 256 to 511 entries on average), derives the load id L "
                + "from the key and the content (entries and their exposure masks), seals every entry into the "
                + "bucket its OPRF output gives, pads every bucket to the same size P with filler, checks that "
                + "the largest item fits in DynamoDB's 400 KB limit, and writes the 2^B_D items of (dataset, L), "
                + "then the manifest that makes L the served load, then deletes the dataset's other loads.",
            "",
            "Memory stays within a 512 MB heap whatever the size of the export: the work is split into"
                + " partitions on disk (--work-dir), one per 64 MB of CSV, each encrypted under a key derived from"
                + " the key file, and deleted when the load ends or fails.",
            "",
            "Loading the same file again with the same key gives the same load id and leaves the table "
                + "byte-identical. A load that was killed resumes when run again with the same command: it checks"
                + " the export's SHA-256 and continues after the last finished partition. A file whose content"
                + " changed gives a new load id: the old load is served until the new manifest is written, then"
                + " deleted.",
            "",
            "The disclosure policy says what an identity alone reveals: open (membership and the person's kinds),"
                + " membership (membership only; the kinds need the factor, a second value of the person's record"
                + " such as a member number) or gated (nothing without the factor). There is no default. Every"
                + " dataset has an end date (--served-until), after which it is shown as ended and its items"
                + " expire (DynamoDB TTL, 30 days later), and an Art. 34(2) notice (--notice).",
            "",
            "No value from the file is ever printed, logged or reported: rejected rows are counted by rule, "
                + "with their line numbers.",
            "",
            "Examples:",
            "  leakcheck-loader load --input leak.csv.gz --dataset labs-2021 \\",
            "      --key key.json --table leakcheck-prod --title 'Laboratoires 2021' \\",
            "      --disclosure membership --factor-label factor-label.json \\",
            "      --served-until 2027-06-30 --notice notice.json --report load-report.json",
            "  leakcheck-loader load --input leak.csv --dataset labs-2021 --key key.json \\",
            "      --disclosure gated --factor-label factor-label.json \\",
            "      --served-until 2027-06-30 --notice notice.json --dry-run",
            "  leakcheck-loader load --input leak.csv --dataset demo --key key.json \\",
            "      --disclosure open --served-until 2027-06-30 --notice notice.json \\",
            "      --endpoint http://127.0.0.1:4567 --create-table"})
final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The export: .csv or .csv.gz (gzip is detected).")
    Path input;

    @Option(names = "--dataset", required = true, paramLabel = "ID",
            description = "Dataset id: 3-40 characters of a-z, 0-9 and '-' (e.g. labs-2021).")
    String dataset;

    @Option(names = "--key", required = true, paramLabel = "KEYFILE", description = "The secret key file made by keygen (key.json).")
    Path key;

    @Option(names = "--disclosure", required = true, paramLabel = "POLICY",
            description = "Required, no default: open, membership or gated (see above and docs/loader.md).")
    String disclosure;

    @Option(names = "--served-until", required = true, paramLabel = "DATE",
            description = "Required: the end of the communication, YYYY-MM-DD (served through that day, until the next"
                    + " day 00:00Z) or an ISO-8601 instant; in the future, at most 5 years ahead.")
    String servedUntil;

    @Option(names = "--notice", required = true, paramLabel = "FILE",
            description = "Required: the Art. 34(2) notice, a JSON file (controller, fr/en texts, contact, dpo;"
                    + " see docs/loader.md). Validated, stored in the manifest, served in /v2/info.")
    Path notice;

    @Option(names = "--factor-label", paramLabel = "FILE",
            description = "Required with membership and gated: the factor's label and hint in French and English,"
                    + " {\"label\": {\"fr\", \"en\"}, \"hint\": {\"fr\", \"en\"}}. The factor column(s) are"
                    + " identity.factor in the mapping (default: numero_adherent).")
    Path factorLabel;

    @Option(names = "--title", defaultValue = "", paramLabel = "TEXT", description = "Title shown to visitors.")
    String title;

    @Option(names = "--description", defaultValue = "", paramLabel = "TEXT", description = "Description shown to visitors.")
    String description;

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "Column mapping (.properties) for exports that are not in the generator's format; see docs/loader.md.")
    Path mapping;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Force the delimiter (',' ';' '|' or 'tab'); detected by default.")
    String delimiter;

    @Option(names = "--encoding", paramLabel = "CHARSET", description = "Force the encoding (UTF-8, ISO-8859-1); detected by default.")
    Charset encoding;

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads (OPRF, digest, sealing). Default: the number of cores.")
    Integer threads;

    // The default is the store's: picocli takes the field's initial value as the default.
    @Option(names = "--parallel-writes", paramLabel = "N", description = "Concurrent BatchWriteItem calls. Default: ${DEFAULT-VALUE}.")
    int parallelWrites = WriteOptions.defaults().parallelism();

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Directory of the temporary files (encrypted under a key derived from the key file; about"
                    + " a quarter of the export's size at most, see docs/loader.md). Default: leakcheck-load-DATASET in the"
                    + " system's temporary directory. Rerunning a killed load with the same one resumes it.")
    Path workDir;

    @Option(names = "--partition-mb", paramLabel = "MB",
            description = "Megabytes of CSV per partition, 1 to 256 (default ${DEFAULT-VALUE}): the heap a load needs grows"
                    + " with it (about 1.3 MB per MB, on top of ~150 MB), and a killed load redoes at most one"
                    + " partition of work.")
    int partitionMegabytes = (int) (LoadPipeline.DEFAULT_BYTES_PER_PARTITION >> 20);

    @Option(names = "--write-units", paramLabel = "N",
            description = "Most write request units a second, on average (one per KB of item): 0 for no limit."
                    + " Default: " + LoadPipeline.NEW_TABLE_WRITE_UNITS + " against AWS (what a new on-demand table"
                    + " sustains; raise it once the table is pre-warmed), no limit with --endpoint.")
    Integer writeUnits;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write a JSON report (counts, rules, line numbers, bucket bits, load id, padded size, phase times).")
    Path report;

    @Option(names = "--dry-run", description = "Compute everything (load id included), write nothing to the table.")
    boolean dryRun;

    @Option(names = "--create-table", description = "Create the table if it does not exist (local engines; in AWS the stack creates it).")
    boolean createTable;

    @Mixin
    TableOptions tableOptions;

    @Override
    public Integer call() throws Exception {
        DisclosurePolicy policy;
        try {
            policy = DisclosurePolicy.parse(disclosure);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--disclosure: must be open, membership or gated [disclosure.unknown]");
        }
        Instant end = EndDates.parse(servedUntil, Clock.systemUTC().instant());
        if (policy.usesFactor() && factorLabel == null) {
            throw new IllegalArgumentException("--factor-label: is required with --disclosure " + policy.label()
                    + " [factor-label.missing]");
        }
        // The notice and the label are checked before the key and the export: a wrong file fails at once.
        String noticeJson = NoticeFile.read(notice);
        FactorLabel label = factorLabel == null ? null : FactorLabelFile.read(factorLabel);
        LoadOptions options = new LoadOptions(input, sourceOptions(),
                mapping == null ? ColumnMapping.defaultMapping() : ColumnMapping.load(mapping),
                dataset, title, description, KeyFiles.readSecret(key),
                threads == null ? Runtime.getRuntime().availableProcessors() : threads,
                policy, end, noticeJson, label, workDir == null ? LoadOptions.defaultWorkDir(dataset) : workDir);
        ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), System.console() != null);
        if (partitionMegabytes < 1 || partitionMegabytes > 256) {
            throw new IllegalArgumentException("--partition-mb: must be from 1 to 256 [partition-mb.range]");
        }
        LoadPipeline pipeline = new LoadPipeline(options, progress, Clock.systemUTC(), (long) partitionMegabytes << 20);
        LoadReport result;
        if (dryRun) {
            result = pipeline.dryRun();
        } else {
            BucketTable table = tableOptions.open();
            if (createTable) {
                table.createIfMissing();
            }
            int units = writeUnits != null ? writeUnits : tableOptions.local() ? 0 : LoadPipeline.NEW_TABLE_WRITE_UNITS;
            if (units < 0) {
                throw new IllegalArgumentException("--write-units: must be 0 or more [write-units.range]");
            }
            result = pipeline.load(table, WriteOptions.defaults().withParallelism(parallelWrites), units);
        }
        spec.commandLine().getOut().print(result.summary());
        if (report != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), result);
        }
        return 0;
    }

    private SourceOptions sourceOptions() {
        SourceOptions options = SourceOptions.detect();
        if (delimiter != null) {
            options = options.withDelimiter(Delimiters.parse(delimiter));
        }
        if (encoding != null) {
            options = options.withEncoding(encoding);
        }
        return options;
    }
}
