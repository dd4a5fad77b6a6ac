package org.leakcheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.leakcheck.cli.local.LocalServer;
import org.leakcheck.cli.local.PartnerKeys;
import org.leakcheck.loader.cli.Commands;
import org.leakcheck.testkit.Dynalite;

/**
 * {@code leakcheck demo}: the whole service on this machine, in this JVM. dynalite (testkit's
 * {@link Dynalite}: free loopback port, readiness, supervision) with its data in the data folder,
 * the key, a synthetic leak generated and loaded under the {@code membership} policy, served for a
 * year from today, with the loader's sample notice and factor label (skipped when the folder
 * already holds the same load: same patients, seed, key, policy, end date, notice and label), the
 * check page built with the demo's public key pinned ({@code node website/build.mjs}, the one
 * child besides dynalite and npm), then the local server, whose manifest cache is
 * {@value ServeCommand#DEFAULT_MANIFEST_TTL_SECONDS} s: a dataset loaded or ended into the running
 * demo ({@code leakcheck loader load|end-dataset --endpoint ...}) shows in {@code /v2/info} within
 * that time.
 *
 * <p>The server knows one registered caller: a random API key in {@code DIR/partner.key} (owner
 * read and write only; made once, never printed), with which a request may carry a batch of up to
 * 256 elements instead of the public's Q (docs/protocol.md §7.2). {@code DIR/members.csv} is a member
 * list of the known-answer cases, for the batch check line.
 *
 * <p>Prints, on standard output, the {@code ./leakcheck check} lines to try, where the table is
 * (also written to {@code DIR/demo.json}), then {@code ready: http://localhost:PORT/} once the site
 * and the API answer (website/e2e relies on it). SIGINT and SIGTERM stop the server and every
 * child; the data stays.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts dynalite, loads a synthetic leak (once per data folder) and serves the API and the "
                + "check page on http://localhost:PORT/. Ctrl-C stops everything; the data stays.")
final class DemoCommand implements Callable<Integer> {

    static final String DATASET = "demo-2021";
    /** The table of protocol version 2's items; an older data folder's "leakcheck-demo" is never read. */
    static final String TABLE = "leakcheck-demo-v2";
    static final long SEED = 20210223L;
    static final String REGION = "eu-west-3";
    /** The demo's policy: an identity alone gives membership, the kinds need the factor. */
    static final String DISCLOSURE = "membership";
    /** Where the loader keeps its sample notice and factor label (loader/src/main/resources). */
    static final String SAMPLES = "/org/leakcheck/loader/demo/";
    static final String NOTICE_SAMPLE = "notice.json";
    static final String FACTOR_LABEL_SAMPLE = "factor-label.json";

    @Option(names = "--patients", paramLabel = "N", defaultValue = "50000",
            description = "Synthetic patients to generate (default ${DEFAULT-VALUE})")
    int patients;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080",
            description = "Port of the site and the API on localhost (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Key, leak, known answers, dynalite's data and logs, kept between runs "
                    + "(default .leakcheck in the repository)")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter err;

    @Override
    public Integer call() throws Exception {
        err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (patients < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--patients must be a positive integer");
        }
        if (port < 1 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be a port number");
        }
        if (inUse(port)) {
            say("demo: port " + port + " is in use (stop what runs there, or use --port)");
            return Leakcheck.ERROR;
        }
        Path root = Repository.root();
        Path data = Files.createDirectories((dataDir != null ? dataDir : root.resolve(".leakcheck")).toAbsolutePath().normalize());
        Path key = data.resolve("key.json");
        Path publicKey = data.resolve("key.pub.json");
        Path csv = data.resolve("leak.csv");
        Path answers = data.resolve("known-answers.json");
        Path site = data.resolve("site");
        Path marker = data.resolve("loaded");
        Path serverLog = data.resolve("server.log");
        Path partnerKey = partnerKey(data.resolve("partner.key"));
        Path members = data.resolve("members.csv");
        Path results = data.resolve("results.csv");
        Path notice = copySample(NOTICE_SAMPLE, data.resolve("notice.json"));
        Path factorLabel = copySample(FACTOR_LABEL_SAMPLE, data.resolve("factor-label.json"));
        // Served through the same day next year (docs/loader.md: a date ends at the next day 00:00Z).
        String servedUntil = LocalDate.now(ZoneOffset.UTC).plusYears(1).toString();

        ensureNodeModules(root.resolve("testkit"), "dynalite", "testkit", true);
        if (System.getProperty("leakcheck.testkit.dir") == null) {
            System.setProperty("leakcheck.testkit.dir", root.resolve("testkit").toString());
        }
        try (Dynalite dynalite = Dynalite.start(data.resolve("dynalite"), 0)) {
            // SIGINT and SIGTERM end the JVM without unwinding this method: stop dynalite gently first.
            Runtime.getRuntime().addShutdownHook(new Thread(dynalite::close, "leakcheck-dynalite-stop"));
            String endpoint = dynalite.endpoint().toString();
            say("dynalite listening on " + endpoint + " (data in " + data.resolve("dynalite") + ")");

            if (!Files.isRegularFile(key) || !Files.isRegularFile(publicKey)) {
                say("creating the key " + key + " (and its public-key file " + publicKey + ")");
                loader("keygen", "--force", "--out", key.toString());
            }
            // Everything that changes what the load writes: a new end date (once a day) reloads too.
            String want = "dataset=" + DATASET + " patients=" + patients + " seed=" + SEED + " table=" + TABLE
                    + " key=" + sha256(key) + " disclosure=" + DISCLOSURE + " servedUntil=" + servedUntil
                    + " notice=" + sha256(notice) + " factorLabel=" + sha256(factorLabel);
            if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(want)
                    && Files.isRegularFile(answers)) {
                say("reusing the loaded demo data (" + patients + " patients)");
            } else {
                Files.deleteIfExists(marker);
                say("generating a synthetic leak of " + patients + " patients");
                loader("generate", "--records", Integer.toString(patients), "--seed", Long.toString(SEED),
                        "--output", csv.toString(), "--known-answers", answers.toString());
                // The loader picks the bucket bits from the number of entries, and a load of another
                // content replaces the previous one (docs/loader.md).
                say("loading it into the table (VOPRF over every identity; progress below)");
                loader("load", "--input", csv.toString(), "--dataset", DATASET, "--key", key.toString(),
                        "--title", "Démo : fuite synthétique de laboratoires d'analyses",
                        "--description", patients + " patients synthétiques générés pour la démonstration ; "
                                + "aucune personne réelle.",
                        "--disclosure", DISCLOSURE, "--served-until", servedUntil, "--notice", notice.toString(),
                        "--factor-label", factorLabel.toString(),
                        "--table", TABLE, "--endpoint", endpoint, "--region", REGION, "--create-table");
                Files.writeString(marker, want + "\n");
            }

            int memberRows = TryLines.writeMembers(answers, firstLine(csv), members);
            boolean siteBuilt = buildSite(root, publicKey, site) && Files.isRegularFile(site.resolve("index.html"));
            ServeCommand serve = new ServeCommand();
            serve.port = port;
            serve.endpoint = dynalite.endpoint();
            serve.region = REGION;
            serve.table = TABLE;
            serve.key = key;
            serve.publicKey = publicKey;
            serve.partnerKeyFile = partnerKey;
            // The headers CloudFront adds to the site in AWS (docs/website.md).
            serve.securityHeaders = root.resolve("website").resolve("security-headers.json");
            serve.site = siteBuilt ? site : null;
            try (PrintStream requestLog = new PrintStream(Files.newOutputStream(serverLog), true, StandardCharsets.UTF_8);
                 LocalServer server = serve.open(requestLog, new PrintWriter(requestLog, true))) {
                String api = "http://localhost:" + server.port();
                out.println();
                out.println("Try these synthetic identities (from " + answers + "; the dataset is under the "
                        + DISCLOSURE + " policy, served until " + servedUntil + "):");
                TryLines.of(answers, api, publicKey).forEach(out::println);
                out.println();
                out.println("Check a member list of " + memberRows + " of them at once, as a registered API caller (its key, "
                        + "never printed, is in " + partnerKey + "):");
                out.println(TryLines.batch(api, publicKey, partnerKey, members, results));
                out.println();
                out.println("The table: dynalite at " + endpoint + ", region " + REGION + ", table " + TABLE + ", key "
                        + key + " (also in " + data.resolve("demo.json") + "). Load or end more datasets with "
                        + "./leakcheck loader load|end-dataset --endpoint " + endpoint + " --region " + REGION
                        + " --table " + TABLE + " ...; /v2/info shows them within "
                        + ServeCommand.DEFAULT_MANIFEST_TTL_SECONDS + " s.");
                writeDescription(data.resolve("demo.json"), api, endpoint, key, publicKey, answers, notice, factorLabel,
                        partnerKey, members);
                if (siteBuilt) {
                    out.println("The check page is at " + api + "/ ; the API at " + api + "/v2/ (request log: "
                            + serverLog + ").");
                } else {
                    out.println("The API is at " + api + "/v2/ (website not built; request log: " + serverLog + ").");
                }
                out.println("The page and every check pin the public key " + publicKey + ".");
                out.println("ready: " + api + "/");
                out.println("Stop with Ctrl-C (stops the server and dynalite; the data stays in " + data + ").");
                out.flush();
                Leakcheck.awaitStop();
            }
        }
        return 0;
    }

    /** Copies the loader's sample {@code name} to {@code target} (the loader reads files), replacing an older copy. */
    private static Path copySample(String name, Path target) throws IOException {
        try (InputStream in = Commands.class.getResourceAsStream(SAMPLES + name)) {
            if (in == null) {
                throw new IllegalStateException("the loader jar lacks its sample " + SAMPLES + name);
            }
            byte[] sample = in.readAllBytes();
            if (!Files.isRegularFile(target) || !java.util.Arrays.equals(Files.readAllBytes(target), sample)) {
                Files.write(target, sample);
            }
        }
        return target;
    }

    /**
     * The demo's partner key file: kept when it holds a valid key, else written anew (a random key,
     * owner read and write only). Never printed.
     */
    private Path partnerKey(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            try {
                PartnerKeys.read(file);
                try {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the folder's ACL applies.
                }
                return file;
            } catch (IllegalArgumentException invalid) {
                say("the partner key file " + file + " is not valid (" + invalid.getMessage() + "): writing a new key");
            }
        }
        return PartnerKeys.writeNewKeyFile(file);
    }

    /** The first line of {@code file} (the generator's CSV header). */
    private static String firstLine(Path file) throws IOException {
        try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) {
                throw new IllegalStateException(file + " is empty");
            }
            return line;
        }
    }

    /**
     * {@code DIR/demo.json}: where the running demo is, for scripts (website/e2e, the batch tests) that
     * use it. Holds paths and loopback addresses only, no secret (the keys stay in their files:
     * {@code key}, and {@code partnerKeyFile} for a registered caller's {@code x-api-key}).
     */
    private static void writeDescription(Path file, String api, String endpoint, Path key, Path publicKey,
                                         Path answers, Path notice, Path factorLabel, Path partnerKey, Path members)
            throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode demo = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("api", api).put("endpoint", endpoint).put("region", REGION).put("table", TABLE)
                .put("dataset", DATASET).put("disclosure", DISCLOSURE).put("key", key.toString())
                .put("publicKey", publicKey.toString()).put("knownAnswers", answers.toString())
                .put("notice", notice.toString()).put("factorLabel", factorLabel.toString())
                .put("partnerKeyFile", partnerKey.toString()).put("members", members.toString())
                .put("manifestTtlSeconds", ServeCommand.DEFAULT_MANIFEST_TTL_SECONDS);
        Files.writeString(file, demo.toPrettyString() + "\n");
    }

    /** Runs a loader command in this JVM, its output on standard error; fails on a non-zero status. */
    private void loader(String... args) {
        CommandLine loader = Commands.commandLine();
        loader.setOut(err);
        loader.setErr(err);
        int status = loader.execute(args);
        err.flush();
        if (status != 0) {
            throw new IllegalStateException("loader " + args[0] + " failed (status " + status + ")");
        }
    }

    /** Builds the check page with the demo's public key pinned into {@code out} (docs/website.md). */
    private boolean buildSite(Path root, Path publicKey, Path out) throws InterruptedException {
        Path web = root.resolve("website");
        if (!Files.isRegularFile(web.resolve("package.json")) || !ensureNodeModules(web, "esbuild", "website", false)) {
            return false;
        }
        say("building the check page with the demo's public key pinned (" + out + ")");
        int status = Children.run(List.of("node", web.resolve("build.mjs").toString(), "--public-key",
                publicKey.toString(), "--out", out.toString()), root, stderr());
        if (status != 0) {
            say("the website build failed: serving the API without it");
            return false;
        }
        return true;
    }

    /**
     * Runs {@code npm ci} in {@code folder} when {@code node_modules/<probe>} is missing or older than
     * the lock file. Returns false (or fails, when {@code required}) when it cannot be installed.
     */
    private boolean ensureNodeModules(Path folder, String probe, String name, boolean required)
            throws InterruptedException {
        Path installed = folder.resolve("node_modules").resolve(".package-lock.json");
        Path lock = folder.resolve("package-lock.json");
        try {
            if (Files.isDirectory(folder.resolve("node_modules").resolve(probe)) && Files.isRegularFile(installed)
                    && (!Files.isRegularFile(lock)
                        || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) > 0)) {
                return true;
            }
        } catch (IOException e) {
            // Treated as not installed.
        }
        say("installing " + probe + " (npm ci in " + name + "/)...");
        // No package here needs its install scripts (esbuild ships its binary as a dependency).
        List<String> npm = List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error");
        int status;
        try {
            status = Children.run(npm, folder, stderr());
        } catch (RuntimeException e) {
            status = -1;
        }
        if (status == 0) {
            return true;
        }
        if (required) {
            throw new IllegalStateException("npm ci failed in " + name + "/ (Node 20+ with npm is needed)");
        }
        say("npm ci failed in " + name + "/: serving the API without the website");
        return false;
    }

    private OutputStream stderr() {
        err.flush();
        return System.err;
    }

    private void say(String message) {
        err.println("leakcheck: " + message);
        err.flush();
    }

    private static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
