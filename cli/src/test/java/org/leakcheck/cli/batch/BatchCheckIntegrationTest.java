package org.leakcheck.cli.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.leakcheck.cli.LoaderRun;
import org.leakcheck.cli.local.LocalServer;
import org.leakcheck.cli.local.PartnerKeys;
import org.leakcheck.function.BucketsHandler;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.support.CapturedLog;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.store.BucketTable;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * {@code leakcheck check --batch} end to end, against dynalite and the real local server (with a
 * registered partner key: 64 persons per evaluation): a synthetic leak of 20,000 patients loaded
 * under {@code membership}, a members file of 20,000 persons with known truth (half from the leak,
 * half from a leak of another seed; with the right factor, a wrong one, none, one identity only),
 * plus records the reader rejects. Checks every verdict and the order of the rows; a run killed
 * with SIGKILL (a child JVM) and resumed; 429s (Retry-After in seconds and as a date), 5xx and
 * dropped connections injected by a proxy; a quota exhausted mid-run, then resumed; and that no NIR
 * or name of the members file reaches the output, stdout, stderr or the server's log.
 *
 * <p>Needs Node and testkit/node_modules (dynalite), and the loader module. About two minutes.
 */
class BatchCheckIntegrationTest {

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.sharedPerJvm();

    private static final String TABLE = "batch-integration";
    private static final String DATASET = "members-2021";
    private static final int LEAK_PATIENTS = 20_000;
    private static final int MEMBERS = 20_000;
    private static final int SUBSET = 2_000;
    private static final String FACTOR_LABEL = "{\"label\": {\"fr\": \"Numéro d'adhérent\", \"en\": \"Member number\"},"
            + " \"hint\": {\"fr\": \"Sur votre carte\", \"en\": \"On your card\"}}";

    @TempDir
    static Path dir;

    private static final CapturedLog SERVER_LOG = new CapturedLog();
    private static LocalServer server;
    private static FaultProxy proxy;
    private static Path publicKey;
    private static Path apiKeyFile;
    private static Path mapping;
    private static Members truth;
    private static Path members;
    private static Path subset;
    private static List<Members.Expected> subsetExpected;
    private static byte[] cleanSubsetOutput;

    @BeforeAll
    static void loadAndServe() throws Exception {
        Path keyFile = dir.resolve("key.json");
        Path leak = dir.resolve("leak.csv");
        Path other = dir.resolve("other.csv");
        LoaderRun.succeeds("keygen", "--out", keyFile.toString());
        publicKey = dir.resolve("key.pub.json");
        LoaderRun.succeeds("generate", "--records", "" + LEAK_PATIENTS, "--seed", "1313", "--output", leak.toString());
        LoaderRun.succeeds("generate", "--records", "" + (MEMBERS / 2 + 500), "--seed", "3131", "--output", other.toString());
        Path notice = Files.writeString(dir.resolve("notice.json"), Datasets.NOTICE);
        Path label = Files.writeString(dir.resolve("factor-label.json"), FACTOR_LABEL);
        LoaderRun.succeeds("load", "--input", leak.toString(), "--dataset", DATASET, "--key", keyFile.toString(),
                "--title", "Batch test", "--disclosure", "membership",
                "--served-until", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString(), "--notice", notice.toString(),
                "--factor-label", label.toString(), "--table", TABLE, "--endpoint", DYNAMO.endpoint().toString(),
                "--create-table");

        truth = new Members(leak);
        members = dir.resolve("members.csv");
        truth.write(members, Members.persons(leak, MEMBERS / 2), Members.persons(other, MEMBERS / 2), 7, 42);
        mapping = Files.writeString(dir.resolve("members.json"), Members.MAPPING);

        // The subset: the first records that are checked (no rejection), for the runs that are repeated.
        List<String> lines = Files.readAllLines(members, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        subsetExpected = new ArrayList<>();
        for (Members.Expected e : truth.expected) {
            if (!e.verdict().equals("rejected") && kept.size() <= SUBSET) {
                kept.add(lines.get((int) e.line() - 1));
                subsetExpected.add(new Members.Expected(kept.size(), e.id(), e.verdict()));
            }
        }
        subset = Files.write(dir.resolve("subset.csv"), kept, StandardCharsets.UTF_8);

        String partnerKey = PartnerKeys.newKey();
        apiKeyFile = Files.writeString(dir.resolve("api.key"), partnerKey + "\n");
        Files.setPosixFilePermissions(apiKeyFile, PosixFilePermissions.fromString("rw-------"));
        KeyMaterial key = KeyFiles.readSecret(keyFile);
        HttpSettings http = HttpSettings.of(Optional.empty(), SERVER_LOG);
        server = new LocalServer(0, new EvaluateHandler(key, PartnerBatchLimit.DEFAULT, http),
                new BucketsHandler(new BucketTable(DYNAMO.client(), TABLE),
                        BucketsConfig.of(key.publicKey(), PartnerBatchLimit.DEFAULT).withManifestTtl(Duration.ZERO), http),
                null, Map.of(), PartnerKeys.of(List.of(partnerKey)));
        proxy = new FaultProxy(server.uri());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyVerdictOfTwentyThousandMembersIsRightAndInInputOrder() throws IOException {
        Path out = dir.resolve("all.csv");
        Run run = check(server.uri().toString(), members, out, "--concurrency", "4");
        assertEquals(BatchCheckCommand.INCOMPLETE, run.status, "rejected rows: not every row got a verdict\n" + run.err);
        List<ResultRow> rows = rows(out);
        assertEquals(truth.expected.size(), rows.size(), "one row per record");
        int wrong = 0;
        for (int i = 0; i < rows.size(); i++) {
            ResultRow row = rows.get(i);
            Members.Expected expected = truth.expected.get(i);
            assertEquals(expected.line(), row.line(), "row " + i + " is the input's record " + i);
            assertEquals(expected.id(), row.id(), "line " + row.line());
            if (!verdict(row).equals(expected.verdict())) {
                wrong++;
            }
            if (row.access().contains("kinds")) {
                assertFalse(row.kinds().get(0).isEmpty(), "a kinds match names the kinds, line " + row.line());
            }
        }
        assertEquals(0, wrong, "verdicts that differ from the truth");
        long found = truth.expected.stream().filter(e -> e.verdict().startsWith("found")).count();
        assertTrue(found > MEMBERS * 2 / 5 && found < MEMBERS * 3 / 5, "about half are in the leak: " + found);
        assertTrue(truth.expected.stream().anyMatch(e -> e.verdict().equals("found:kinds")));
        assertTrue(truth.expected.stream().anyMatch(e -> e.verdict().equals("found:factor-needed")));
        assertTrue(truth.expected.stream().anyMatch(e -> e.verdict().equals("found:factor-wrong")));
        long broken = truth.expected.stream().filter(e -> e.verdict().equals("rejected") && e.id().isEmpty()).count();
        assertTrue(broken > 0 && run.out.contains("rejected line.field-count: " + broken + " (line"), run.out);
        assertTrue(run.out.matches("(?s).*evaluations of [0-9,]+ elements.*"), run.out);
        Matcher evaluations = Pattern.compile("([0-9,]+) evaluations of ([0-9,]+) elements").matcher(run.out);
        assertTrue(evaluations.find());
        long persons = rows.stream().filter(r -> !r.verdict().equals(ResultRow.REJECTED)).count();
        assertEquals((persons + 63) / 64, number(evaluations.group(1)), "64 persons per evaluation");
        assertEquals(256 * number(evaluations.group(1)), number(evaluations.group(2)), "every evaluation is 256 elements");

        assertNoIdentity("the output", Files.readString(out, StandardCharsets.UTF_8));
        assertNoIdentity("stdout", run.out);
        assertNoIdentity("stderr", run.err);
        assertNoIdentity("the server's log", String.join("\n", SERVER_LOG.lines()));
    }

    @Test
    void aRunKilledMidWayAndResumedWritesTheSameFileAsACleanRun() throws Exception {
        byte[] clean = cleanSubset();
        Path out = dir.resolve("killed.csv");
        // A slow service (each evaluation delayed), so that the kill lands mid-way.
        proxy.faults((n, route) -> route.startsWith("POST") ? new FaultProxy.Delay(150) : new FaultProxy.Forward());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.leakcheck.cli.Leakcheck", "check"));
        command.addAll(arguments(proxy.uri().toString(), subset, out, "--concurrency", "1"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (lineCount(out) < 400 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the child was still running when killed: " + Files.readString(dir.resolve("child.log")));
        child.destroyForcibly();      // SIGKILL: no shutdown hook, no flush
        child.waitFor();
        long written = lineCount(out);
        assertTrue(written < SUBSET, "the kill left a partial output: " + written + " lines");

        proxy.faults((n, route) -> new FaultProxy.Forward());
        Run resumed = check(proxy.uri().toString(), subset, out, "--resume");
        assertEquals(BatchCheckCommand.COMPLETE, resumed.status, resumed.err + resumed.out);
        assertArrayEquals(clean, Files.readAllBytes(out), "the resumed file is the clean run's, byte for byte");
        assertNoIdentity("the child's output", Files.readString(dir.resolve("child.log")));
    }

    @Test
    void injected429s5xxAndDroppedConnectionsLoseAndDuplicateNothing() throws IOException {
        byte[] clean = cleanSubset();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1));
        proxy.faults((n, route) -> {
            if (n == 5) {
                return new FaultProxy.Answer(429, "{\"message\":\"Too Many Requests\"}", Optional.of("1"));
            }
            if (n == 17) {
                return new FaultProxy.Answer(429, "{\"type\":\"https://leakcheck.org/problems/rate-limited\","
                        + "\"rule\":\"rate.throttled\"}", Optional.of(date));
            }
            if (n % 7 == 0) {
                return new FaultProxy.Answer(503, "{\"message\":\"Service Unavailable\"}", Optional.empty());
            }
            if (n % 11 == 0) {
                return new FaultProxy.Drop();
            }
            return new FaultProxy.Forward();
        });
        Path out = dir.resolve("faults.csv");
        Run run = check(proxy.uri().toString(), subset, out, "--concurrency", "3");
        assertEquals(BatchCheckCommand.COMPLETE, run.status, run.err + run.out);
        assertTrue(proxy.injected() > 10, "faults were injected: " + proxy.injected());
        assertArrayEquals(clean, Files.readAllBytes(out), "every row once, in order, as without faults");
        assertTrue(run.out.contains("429 seen: 2 (throttled 2"), run.out);
        Matcher counts = Pattern.compile("([0-9,]+) retries, ([0-9,]+) server errors, ([0-9,]+) network errors")
                .matcher(run.out);
        assertTrue(counts.find(), run.out);
        assertTrue(number(counts.group(2)) > 0 && number(counts.group(3)) > 0, run.out);
        assertEquals(number(counts.group(2)) + number(counts.group(3)) + 2, number(counts.group(1)),
                "one retry per 5xx, network error and 429 throttle");
    }

    @Test
    void anExhaustedQuotaStopsTheRunCleanlyAndAResumeFinishesIt() throws IOException {
        byte[] clean = cleanSubset();
        proxy.faults((n, route) -> route.startsWith("POST") && n > 12
                ? new FaultProxy.Answer(429, "{\"message\":\"Limit Exceeded\"}", Optional.empty()) : new FaultProxy.Forward());
        Path out = dir.resolve("quota.csv");
        Run stopped = check(proxy.uri().toString(), subset, out);
        assertEquals(BatchCheckCommand.INCOMPLETE, stopped.status);
        assertTrue(stopped.out.contains("STOPPED before the end"), stopped.out);
        assertTrue(stopped.out.contains("the daily quota of this API key is used up"), stopped.out);
        assertTrue(stopped.out.matches("(?s).*quota [1-9].*"), stopped.out);
        assertTrue(lineCount(out) < SUBSET, "stopped before the end");

        proxy.faults((n, route) -> new FaultProxy.Forward());
        Run resumed = check(proxy.uri().toString(), subset, out, "--resume");
        assertEquals(BatchCheckCommand.COMPLETE, resumed.status, resumed.err);
        assertArrayEquals(clean, Files.readAllBytes(out));
    }

    @Test
    void aResumeAgainstAnotherInputOrOtherOptionsIsRefused() throws IOException {
        cleanSubset();
        Path out = dir.resolve("subset-clean.csv");
        Path changed = Files.writeString(dir.resolve("changed.csv"), Files.readString(subset) + "M999999;;;;;\n");
        Run other = check(server.uri().toString(), changed, out, "--resume");
        assertEquals(BatchCheckCommand.INCOMPLETE, other.status);
        assertTrue(other.err.contains("was written for another input file"), other.err);
        Run options = check(server.uri().toString(), subset, out, "--resume", "--factor-column", "");
        assertEquals(BatchCheckCommand.INCOMPLETE, options.status);
        assertTrue(options.err.contains("was written with other options"), options.err);
        Run exists = check(server.uri().toString(), subset, out);
        assertTrue(exists.err.contains("exists: give --resume"), exists.err);
    }

    @Test
    void anApiKeyFileOtherUsersCanReadIsRefusedAndAWrongKeyIsForbidden() throws IOException {
        Path open = Files.writeString(dir.resolve("open.key"), PartnerKeys.newKey());
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Run refused = run(server.uri().toString(), subset, dir.resolve("never.csv"), open);
        assertEquals(BatchCheckCommand.INCOMPLETE, refused.status);
        assertTrue(refused.err.contains("readable by every user"), refused.err);
        assertFalse(Files.exists(dir.resolve("never.csv")));
        String unknownKey = PartnerKeys.newKey();
        Path wrong = Files.writeString(dir.resolve("wrong.key"), unknownKey);
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        Run forbidden = run(server.uri().toString(), subset, dir.resolve("never.csv"), wrong);
        assertEquals(BatchCheckCommand.INCOMPLETE, forbidden.status);
        assertTrue(forbidden.err.contains("403"), forbidden.err);
        assertFalse((forbidden.err + forbidden.out).contains(unknownKey), "the key is never printed");
    }

    @Test
    void aBucketCacheIsUsedWhileFreshAndRevalidatedAfter() throws IOException {
        byte[] clean = cleanSubset();
        Path cache = dir.resolve("bucket-cache");
        Run first = check(server.uri().toString(), subset, dir.resolve("cache-1.csv"), "--bucket-cache", cache.toString());
        assertEquals(BatchCheckCommand.COMPLETE, first.status, first.err);
        Matcher reads = Pattern.compile("([0-9,]+) bucket reads of which ([0-9,]+) not modified; ([0-9,]+) buckets from the cache")
                .matcher(first.out);
        assertTrue(reads.find(), first.out);
        long buckets = number(reads.group(1));
        assertTrue(buckets > 0 && number(reads.group(3)) == 0, first.out);

        Run fresh = check(server.uri().toString(), subset, dir.resolve("cache-2.csv"), "--bucket-cache", cache.toString());
        assertTrue(fresh.out.contains("0 bucket reads of which 0 not modified; " + String.format("%,d", buckets)
                + " buckets from the cache without a request"), fresh.out);
        assertArrayEquals(clean, Files.readAllBytes(dir.resolve("cache-2.csv")));

        // Past their max-age, the copies are revalidated: 304, no body.
        try (var tags = Files.walk(cache)) {
            for (Path tag : tags.filter(p -> p.toString().endsWith(".etag")).toList()) {
                Files.writeString(tag, Files.readAllLines(tag).get(0) + "\n0\n");
            }
        }
        Run stale = check(server.uri().toString(), subset, dir.resolve("cache-3.csv"), "--bucket-cache", cache.toString());
        String revalidated = String.format("%,d", buckets);
        assertTrue(stale.out.contains(revalidated + " bucket reads of which " + revalidated + " not modified"), stale.out);
        assertArrayEquals(clean, Files.readAllBytes(dir.resolve("cache-3.csv")));
    }

    @Test
    void bucketReadsThroughAnotherBaseCarryNoKeyAndGiveTheSameFile() throws IOException {
        byte[] clean = cleanSubset();
        java.util.concurrent.atomic.AtomicInteger buckets = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger others = new java.util.concurrent.atomic.AtomicInteger();
        proxy.faults((n, route) -> {
            (route.startsWith("GET /v2/buckets/") ? buckets : others).incrementAndGet();
            return new FaultProxy.Forward();
        });
        Path out = dir.resolve("buckets-api.csv");
        Run run = check(server.uri().toString(), subset, out, "--buckets-api", proxy.uri().toString());
        assertEquals(BatchCheckCommand.COMPLETE, run.status, run.err);
        assertTrue(buckets.get() > 0, "the bucket reads went to --buckets-api");
        assertEquals(0, others.get(), "nothing else did");
        assertArrayEquals(clean, Files.readAllBytes(out));
    }

    // --- helpers ---

    /** The subset checked once, without faults: the reference file of the other runs. */
    private static synchronized byte[] cleanSubset() throws IOException {
        if (cleanSubsetOutput == null) {
            Path out = dir.resolve("subset-clean.csv");
            Run run = check(server.uri().toString(), subset, out);
            assertEquals(BatchCheckCommand.COMPLETE, run.status, run.err + run.out);
            List<ResultRow> rows = rows(out);
            assertEquals(subsetExpected.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(subsetExpected.get(i).line(), rows.get(i).line());
                assertEquals(subsetExpected.get(i).verdict(), verdict(rows.get(i)), "line " + rows.get(i).line());
            }
            cleanSubsetOutput = Files.readAllBytes(out);
        }
        return cleanSubsetOutput;
    }

    private record Run(int status, String out, String err) {
    }

    private static Run check(String api, Path input, Path out, String... more) {
        return run(api, input, out, apiKeyFile, more);
    }

    private static Run run(String api, Path input, Path out, Path keyFile, String... more) {
        List<String> args = new ArrayList<>(arguments(api, input, out, more));
        args.set(args.indexOf(apiKeyFile.toString()), keyFile.toString());
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int status = BatchCheckCommand.run(args.toArray(String[]::new), new PrintWriter(stdout, true),
                new PrintWriter(stderr, true));
        return new Run(status, stdout.toString(), stderr.toString());
    }

    private static List<String> arguments(String api, Path input, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("--api", api, "--public-key", publicKey.toString(),
                "--api-key-file", apiKeyFile.toString(), "--batch", input.toString(), "--mapping", mapping.toString(),
                "--out", out.toString(), "--bucket-reads", "all"));
        args.addAll(List.of(more));
        return args;
    }

    private static List<ResultRow> rows(Path out) throws IOException {
        return ResultFile.read(out).rows();
    }

    /** found:ACCESS, not-found or rejected: the form of {@link Members.Expected#verdict()}. */
    private static String verdict(ResultRow row) {
        return row.verdict().equals(ResultRow.FOUND) ? "found:" + row.access().get(0) : row.verdict();
    }

    private static long lineCount(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    /** No NIR (as written, and its digits) and no name (as a whole word) of the members file appears in {@code text}. */
    private static void assertNoIdentity(String where, String text) {
        Set<String> words = new HashSet<>(List.of(text.split("[^\\p{L}\\p{N}'’-]+")));
        for (String nir : truth.nirs) {
            if (nir.length() >= 8) {
                assertFalse(text.contains(nir), where + " holds a NIR of the members file");
            }
        }
        for (String name : truth.names) {
            if (name.length() >= 3) {
                assertFalse(words.contains(name) || (name.contains(" ") && text.contains(name)),
                        where + " holds a name of the members file");
            }
        }
    }

}
