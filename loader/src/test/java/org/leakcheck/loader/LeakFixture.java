package org.leakcheck.loader;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.leakcheck.loader.cli.Commands;
import org.leakcheck.loader.generate.GeneratorOptions;
import org.leakcheck.loader.generate.LeakGenerator;
import org.leakcheck.store.Progress;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** Shared test plumbing: a generated synthetic leak, the CLI run in-process, and table snapshots. */
public final class LeakFixture {
    private LeakFixture() {
    }

    /** A synthetic leak of {@code patients} people with its known answers, under {@code dir}. */
    public static Path[] generate(Path dir, long patients, long seed) throws IOException {
        Path csv = dir.resolve("leak-" + patients + "-" + seed + ".csv");
        Path answers = dir.resolve("known-answers-" + patients + "-" + seed + ".json");
        new LeakGenerator(GeneratorOptions.defaults().withPatients(patients).withSeed(seed)).generate(csv, answers, Progress.NONE);
        return new Path[] {csv, answers};
    }

    /** The end date the tests load with: about a year ahead, as the demo does. */
    public static String servedUntil() {
        return java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1).toString();
    }

    /** The demo's notice (a synthetic controller), copied to a file once. */
    public static synchronized Path noticeFile() {
        if (notice == null) {
            notice = copyResource("notice.json");
        }
        return notice;
    }

    /** The demo's factor label, copied to a file once. */
    public static synchronized Path factorLabelFile() {
        if (factorLabel == null) {
            factorLabel = copyResource("factor-label.json");
        }
        return factorLabel;
    }

    private static Path notice;
    private static Path factorLabel;

    private static Path copyResource(String name) {
        try (java.io.InputStream in = LeakFixture.class.getResourceAsStream("/org/leakcheck/loader/demo/" + name)) {
            Path file = java.nio.file.Files.createTempFile("leakcheck-" + name.replace(".json", ""), ".json");
            file.toFile().deleteOnExit();
            java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The options every load needs under {@code disclosure}: {@code --disclosure}, {@code --served-until}
     * (a year ahead), {@code --notice} and, unless open, {@code --factor-label}.
     */
    public static String[] policy(String disclosure) {
        List<String> args = new ArrayList<>(List.of("--disclosure", disclosure, "--served-until", servedUntil(),
                "--notice", noticeFile().toString()));
        if (!disclosure.equals("open")) {
            args.addAll(List.of("--factor-label", factorLabelFile().toString()));
        }
        return args.toArray(new String[0]);
    }

    /**
     * Load options for {@code csv} under {@code policy}, with the default mapping, the demo's notice
     * and (unless open) factor label, and an end date a year ahead.
     */
    public static org.leakcheck.loader.load.LoadOptions options(Path csv, org.leakcheck.protocol.keys.KeyMaterial key,
            String title, int threads, org.leakcheck.protocol.lookup.DisclosurePolicy policy) {
        try {
            return new org.leakcheck.loader.load.LoadOptions(csv, org.leakcheck.loader.source.SourceOptions.detect(),
                    org.leakcheck.loader.source.ColumnMapping.defaultMapping(), "labs-2021", title, "", key, threads,
                    policy, org.leakcheck.loader.load.EndDates.parse(servedUntil(), java.time.Instant.now()),
                    org.leakcheck.loader.notice.NoticeFile.read(noticeFile()),
                    policy.usesFactor() ? org.leakcheck.loader.notice.FactorLabelFile.read(factorLabelFile()) : null,
                    Files.createTempDirectory("leakcheck-load-test"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The result of one in-process CLI run. */
    public record Run(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    public static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Commands.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    public static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Every item of a table, keyed by "bucket/dataset", with all attributes: for byte-identical comparisons. */
    public static Map<String, Map<String, AttributeValue>> snapshot(DynamoDbClient client, String table) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        client.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
                .items().forEach(item -> items.put(item.get("bucket").n() + "/" + item.get("dataset").s(), item));
        return items;
    }

    /** All binary and string attribute contents of a table, for plaintext searches. */
    public static List<byte[]> allBytes(DynamoDbClient client, String table) {
        List<byte[]> out = new ArrayList<>();
        snapshot(client, table).values().forEach(item -> item.values().forEach(v -> {
            if (v.b() != null) {
                out.add(v.b().asByteArray());
            } else if (v.s() != null) {
                out.add(v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else if (v.n() != null) {
                out.add(v.n().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }));
        return out;
    }

    /** Every NIR, name, e-mail and phone cell of the file, as typed, trimmed, upper-cased and without separators, of at least {@code minLength} characters. */
    public static Set<String> identifiers(Path csv, int minLength) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(";", -1);
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            String h = header[i].trim().toLowerCase(Locale.ROOT);
            if (h.equals("nir") || h.equals("nom") || h.equals("nom_naissance") || h.equals("prenoms")
                    || h.equals("email") || h.startsWith("telephone") || h.equals("numero_adherent")) {
                columns.add(i);
            }
        }
        if (columns.size() != 8) {
            throw new IllegalStateException("the generator's identifier columns and the factor: " + columns.size());
        }
        Set<String> out = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(";", -1);
            if (cells.length != header.length) {
                continue;
            }
            for (int c : columns) {
                String v = cells[c].replace("\"", "").trim();
                for (String form : List.of(v, v.toUpperCase(Locale.ROOT), v.replaceAll("[ .\\-]", ""))) {
                    if (form.length() >= minLength) {
                        out.add(form);
                    }
                }
            }
        }
        return out;
    }
}
