package org.leakcheck.loader.generate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import org.leakcheck.store.Progress;

/**
 * {@code generate}: writes a synthetic leak as CSV, and its known-answers sidecar. The engine is
 * {@link LeakGenerator}; this class only parses options and prints the summary.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {
            "Writes a synthetic leak of French laboratory patients as CSV: about 60 columns with French "
                + "headers, realistic names and NIRs with valid keys, and real-world dirt at documented rates "
                + "(several rows per patient, wrong NIR keys, missing fields, stray spaces, jj/mm/aaaa dates, "
                + "empty lines). No real person is in it. The insurer member number (numero_adherent, empty for "
                + "10% of patients) is the factor of the default mapping.",
            "Also writes a known-answers JSON file: sample identities that a lookup must find (present, "
                + "present-variant) or not find (absent) once the file is loaded; present ones carry the "
                + "person's factor (when they have one) and a wrong factor.",
            "The same seed and options always give a byte-identical file. An output name ending in .gz "
                + "is gzip-compressed."},
        footer = {"",
            "Example:",
            "  generate --records 10000 --seed 42 -o leak.csv --known-answers answers.json",
            "  generate --encoding ISO-8859-1 -o leak-latin1.csv.gz", ""})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--records", paramLabel = "N", defaultValue = "" + GeneratorOptions.DEFAULT_PATIENTS,
            description = "Number of patients (each has 1 to 4 rows). Default: ${DEFAULT-VALUE}, like the 2021 leak.")
    long records;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "" + GeneratorOptions.DEFAULT_SEED,
            description = "Random seed; the same seed gives the same file. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "leak.csv",
            description = "CSV file to write (gzip if it ends in .gz). Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--known-answers", paramLabel = "FILE",
            description = "Known-answers JSON to write. Default: the output name with .known-answers.json.")
    Path knownAnswers;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8",
            description = "UTF-8 or ISO-8859-1 (the Latin-1 variant of older exports). Default: ${DEFAULT-VALUE}.")
    String encoding;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ";",
            description = "Field delimiter: ';', ',', '|' or 'tab'. Default: ${DEFAULT-VALUE}.")
    String delimiter;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (the file does not depend on it). Default: one per core.")
    Integer threads;

    private final Function<PrintWriter, Progress> progress;

    /** Prints a plain percentage on standard error when it is a terminal. */
    public GenerateCommand() {
        this(GenerateCommand::percentOnTerminal);
    }

    /** @param progress makes the progress listener from the command's standard error writer */
    public GenerateCommand(Function<PrintWriter, Progress> progress) {
        this.progress = progress;
    }

    @Override
    public Integer call() {
        if (records < 0) {
            throw new ParameterException(spec.commandLine(), "--records must be 0 or more");
        }
        GeneratorOptions options = new GeneratorOptions(records, seed, charset(), delimiterChar(),
                threads == null ? Runtime.getRuntime().availableProcessors() : positiveThreads());
        Path answers = knownAnswers != null ? knownAnswers : defaultKnownAnswers(output);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GenerationSummary summary;
        try {
            summary = new LeakGenerator(options).generate(output, answers, progress.apply(err));
        } catch (IOException e) {
            err.println("generate: cannot write the output (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return 1;
        }
        out.printf(Locale.ROOT, "Wrote %d patients (%d rows) to %s and %d known answers to %s.%n",
                summary.patients(), summary.rows(), output, summary.knownAnswers(), answers);
        out.printf(Locale.ROOT, "generate: patients=%d rows=%d empty_lines=%d bytes=%d seconds=%.1f known_answers=%d%n",
                summary.patients(), summary.rows(), summary.emptyLines(), summary.bytes(), summary.millis() / 1000.0,
                summary.knownAnswers());
        out.flush();
        return 0;
    }

    private Charset charset() {
        try {
            Charset charset = Charset.forName(encoding);
            if (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.ISO_8859_1)) {
                return charset;
            }
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "--encoding must be UTF-8 or ISO-8859-1");
    }

    private char delimiterChar() {
        String d = delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") ? "\t" : delimiter;
        if (d.length() != 1 || ";,|\t".indexOf(d.charAt(0)) < 0) {
            throw new ParameterException(spec.commandLine(), "--delimiter must be ';', ',', '|' or 'tab'");
        }
        return d.charAt(0);
    }

    private int positiveThreads() {
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be 1 or more");
        }
        return threads;
    }

    /** {@code leak.csv} gives {@code leak.known-answers.json}, {@code leak.csv.gz} too. */
    static Path defaultKnownAnswers(Path output) {
        String name = output.getFileName().toString();
        String base = name.replaceFirst("(?i)(\\.csv)?(\\.gz)?$", "");
        return output.resolveSibling((base.isEmpty() ? name : base) + ".known-answers.json");
    }

    private static Progress percentOnTerminal(PrintWriter err) {
        if (System.console() == null) {
            return Progress.NONE;
        }
        return new Progress() {
            private long done;
            private long total;
            private long lastPercent = -1;

            @Override
            public void start(String phase, String unit, long total) {
                this.total = total;
                this.done = 0;
                this.lastPercent = -1;
            }

            @Override
            public void advance(long more) {
                done += more;
                long percent = total == 0 ? 100 : done * 100 / total;
                if (percent != lastPercent) {
                    lastPercent = percent;
                    err.printf(Locale.ROOT, "\rgenerate: %3d%% (%d/%d patients)", percent, done, total);
                    err.flush();
                }
            }

            @Override
            public void finish() {
                err.println();
                err.flush();
            }
        };
    }
}
