package org.leakcheck.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.leakcheck.cli.local.LocalServer;
import org.leakcheck.cli.local.PartnerKeys;
import org.leakcheck.function.BucketsHandler;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DynamoDbClients;

/**
 * {@code leakcheck serve}: the lookup API (the Lambda handlers, unchanged) and the website on
 * {@code http://127.0.0.1:PORT/}, against a DynamoDB-compatible endpoint. Wiring only: the server
 * is {@link LocalServer}, the registered callers' keys {@link PartnerKeys}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the lookup API (the Lambda handlers, unchanged) and the website on http://127.0.0.1:PORT/.")
final class ServeCommand implements Callable<Integer> {

    int port = 8080;

    @Option(names = "--endpoint", required = true, paramLabel = "URL",
            description = "DynamoDB-compatible endpoint, e.g. http://127.0.0.1:4567 (dynalite)")
    URI endpoint;

    @Option(names = "--region", paramLabel = "R", defaultValue = "eu-west-3",
            description = "Region given to the SDK (default ${DEFAULT-VALUE})")
    String region;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "Bucket table")
    String table;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "Secret key file written by `leakcheck loader keygen` (POST /v2/evaluate)")
    Path key;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "Public-key file that GET /v2/info publishes and whose datasets are served (default: the "
                    + "public key of --key; another key makes every check fail with \"the service's key is not the "
                    + "expected one\", as a forged service would)")
    Path publicKey;

    int partnerBatchLimit = PartnerBatchLimit.MAX;


    int partnerQuota;

    /** The day of the partner quota; tests set one they can move. */
    Clock quotaClock = Clock.systemUTC();

    /**
     * How long the buckets handler reuses the manifests here. Lambda's is a minute; on this machine
     * an operator (or a test) who loads or ends a dataset wants to see it within seconds, and a
     * manifests Query against a local engine costs nothing.
     */
    static final int DEFAULT_MANIFEST_TTL_SECONDS = 2;

    int manifestTtlSeconds = DEFAULT_MANIFEST_TTL_SECONDS;

    /** The wall clock the end dates are read on; tests set one they can move. */
    Clock clock = Clock.systemUTC();

    @Option(names = "--site", paramLabel = "DIR",
            description = "Built website to serve at / (default website/dist when it exists)")
    Path site;

    @Option(names = "--security-headers", paramLabel = "FILE",
            description = "Headers added to every answer, as CloudFront adds them (a JSON object, e.g. "
                    + "website/security-headers.json; default: security-headers.json beside DIR, or beside "
                    + "website/dist without a site); the server does not start without it")
    Path securityHeaders;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
            description = "Origin allowed by CORS (default: none, same origin only)")
    String allowedOrigin;

    @Option(names = "--partner-key-file", paramLabel = "FILE",
            description = "Registered callers' API keys, one a line (blank lines and # comments skipped; 20 to 128 "
                    + "printable ASCII characters each). A request with x-api-key set to one of them is a registered "
                    + "caller, as a direct call to API Gateway with a partner key is: it may send up to "
                    + "--partner-batch-limit elements per evaluation. Any other x-api-key gets the gateway's 403 "
                    + "(rule api-key.invalid); no x-api-key is the public, as through CloudFront (Q = "
                    + PartnerBatchLimit.PAGE + " elements). Default: no key, everyone is the public")
    Path partnerKeyFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", order = 0,
            description = "Port on 127.0.0.1 (default 8080; 0 picks a free one)")
    void port(int value) {
        port = checked("--port", value, 0, 65535);
    }

    @Option(names = "--partner-batch-limit", paramLabel = "N",
            description = "Most elements per evaluation of a registered caller, " + PartnerBatchLimit.PAGE + " to "
                    + PartnerBatchLimit.MAX + " (default " + PartnerBatchLimit.MAX + "; /v2/info announces it as "
                    + "batch.limit). The public's is always " + PartnerBatchLimit.PAGE + ", the page's Q")
    void partnerBatchLimit(int value) {
        partnerBatchLimit = checked("--partner-batch-limit", value, PartnerBatchLimit.PAGE, PartnerBatchLimit.MAX);
    }

    @Option(names = "--partner-quota", paramLabel = "N",
            description = "API requests each partner key may make per UTC day, as the partner usage plan's daily "
                    + "quota; the next ones get the gateway's 429 (rule rate.quota). Needs --partner-key-file. "
                    + "Default: no quota")
    void partnerQuota(int value) {
        partnerQuota = checked("--partner-quota", value, 1, Integer.MAX_VALUE);
    }

    @Option(names = "--manifest-ttl", paramLabel = "SECONDS",
            description = "How long the manifests are reused, 0 to " + 60 + " (default "
                    + DEFAULT_MANIFEST_TTL_SECONDS + "; Lambda's is 60): a load or end-dataset shows in /v2/info "
                    + "within this time")
    void manifestTtl(int value) {
        manifestTtlSeconds = checked("--manifest-ttl", value, 0, (int) BucketsConfig.MAX_MANIFEST_TTL.toSeconds());
    }

    private int checked(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be an integer from " + min + " to " + max);
        }
        return value;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        try (LocalServer server = open(System.out, spec.commandLine().getErr())) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "leakcheck-serve-stop"));
            spec.commandLine().getErr().println("serve: listening on " + server.uri() + "/ (API under /v2/"
                    + (siteOrDefault() != null ? ", website from " + siteOrDefault() : ", no website") + ")");
            if (partnerKeyFile != null) {
                spec.commandLine().getErr().println("serve: " + server.partners().size() + " partner key(s) from "
                        + partnerKeyFile + ": with x-api-key, up to " + partnerBatchLimit + " elements per evaluation"
                        + (partnerQuota > 0 ? ", " + partnerQuota + " requests a day per key" : "")
                        + "; without, the public's " + PartnerBatchLimit.PAGE);
            }
            spec.commandLine().getErr().flush();
            Leakcheck.awaitStop();
        }
        return 0;
    }

    /**
     * Starts the server these options describe; the caller closes it.
     *
     * @param requestLog where the one JSON line per request goes
     * @param err        where warnings go
     */
    LocalServer open(PrintStream requestLog, PrintWriter err) throws IOException {
        PartnerBatchLimit limit = new PartnerBatchLimit(partnerBatchLimit);
        PartnerKeys partners = partnerKeys(err);
        Path served = siteOrDefault();
        Map<String, String> headers = LocalServer.securityHeadersFor(served, securityHeaders);
        HttpSettings http = HttpSettings.of(Optional.ofNullable(allowedOrigin), requestLog::println);
        KeyMaterial secret = KeyFiles.readSecret(key);
        PinnedKey published = publicKey == null ? secret.publicKey() : KeyFiles.readPublic(publicKey);
        if (!published.equals(secret.publicKey())) {
            err.println("serve: warning: --public-key is not the public key of --key: every "
                    + "client that pins --public-key will refuse the evaluations");
        }
        EvaluateHandler evaluate = new EvaluateHandler(secret, limit, http);
        DynamoDbClient dynamo = DynamoDbClients.create(Region.of(region), DynamoDbClients.localCredentials(),
                Optional.of(endpoint), DynamoDbClients.REQUEST_TIMEOUT);
        BucketsHandler buckets = new BucketsHandler(new BucketTable(dynamo, table),
                BucketsConfig.of(published, limit).withManifestTtl(Duration.ofSeconds(manifestTtlSeconds)).withClock(clock),
                http);
        return new LocalServer(port, evaluate, buckets, served, headers, partners);
    }

    /**
     * The keys of {@code --partner-key-file} with the {@code --partner-quota}, or none; warns on
     * {@code err} when others may read the file.
     */
    private PartnerKeys partnerKeys(PrintWriter err) throws IOException {
        if (partnerKeyFile == null) {
            if (partnerQuota > 0) {
                throw usage("--partner-quota needs --partner-key-file (the keys it counts)");
            }
            return PartnerKeys.none();
        }
        PartnerKeys keys;
        try {
            keys = PartnerKeys.read(partnerKeyFile);
        } catch (IllegalArgumentException e) {
            // The message names the file and the line, never the key.
            throw usage("--partner-key-file: " + e.getMessage());
        } catch (IOException e) {
            throw usage("--partner-key-file: cannot read " + partnerKeyFile);
        }
        if (readableByOthers(partnerKeyFile)) {
            err.println("serve: warning: " + partnerKeyFile + " is readable by other users: its keys are secrets "
                    + "(chmod 600 " + partnerKeyFile + ")");
            err.flush();
        }
        return partnerQuota > 0 ? keys.withDailyQuota(partnerQuota, quotaClock) : keys;
    }

    private static boolean readableByOthers(Path file) {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)
                    || permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException unknown) {
            return false;
        }
    }

    /** A usage error: picocli's (status 2) on the command line, a plain one when the demo opens the server. */
    private RuntimeException usage(String message) {
        return spec != null ? new CommandLine.ParameterException(spec.commandLine(), message)
                : new IllegalArgumentException(message);
    }

    private Path siteOrDefault() {
        if (site != null) {
            return site;
        }
        return Files.isDirectory(LocalServer.DEFAULT_SITE) ? LocalServer.DEFAULT_SITE : null;
    }
}
