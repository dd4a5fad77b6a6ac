package org.leakcheck.function.local;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.leakcheck.function.BatchLimit;

/**
 * Options of {@code leakcheck serve}. Parsed by hand: the jar is also the Lambda's, which should
 * not carry a command-line framework.
 *
 * @param key       the secret key file, for the evaluate handler
 * @param publicKey the public-key file for the buckets handler; empty: the key's own public key
 */
record ServeOptions(int port, URI endpoint, String region, String table, Path key, Optional<Path> publicKey,
                    BatchLimit batchLimit, Optional<Path> site, Optional<Path> securityHeaders,
                    Optional<String> allowedOrigin) {

    static final String USAGE = """
            Usage: leakcheck serve --endpoint URL --table NAME --key FILE [options]
            Runs the lookup API (the Lambda handlers, unchanged) and the website on http://127.0.0.1:PORT/.
              --port N              port on 127.0.0.1 (default 8080; 0 picks a free one)
              --endpoint URL        DynamoDB-compatible endpoint, e.g. http://127.0.0.1:4567 (dynalite)
              --region R            region given to the SDK (default eu-west-3)
              --table NAME          bucket table
              --key FILE            secret key file written by `leakcheck loader keygen` (POST /v2/evaluate)
              --public-key FILE     public-key file that GET /v2/info publishes and whose datasets are served
                                    (default: the public key of --key; another key makes every check fail
                                    with "the service's key is not the expected one", as a forged service would)
              --batch-limit N       most elements per evaluation, 2 to 256 (default 2, the page's Q)
              --site DIR            built website to serve at / (default website/dist when it exists)
              --security-headers F  headers added to every answer, as CloudFront adds them (a JSON object, e.g.
                                    website/security-headers.json; default: security-headers.json beside DIR,
                                    or beside website/dist without a site); the server does not start without it
              --allowed-origin O    origin allowed by CORS (default: none, same origin only)
            """;

    /** The site served when {@code --site} is not given and it has been built. */
    static final Path DEFAULT_SITE = Path.of("website", "dist");

    /** Parses {@code args}; throws {@link IllegalArgumentException} with a message for the user. */
    static ServeOptions parse(String[] args) {
        int port = 8080;
        URI endpoint = null;
        String region = "eu-west-3";
        String table = null;
        Path key = null;
        Path publicKey = null;
        int batchLimit = BatchLimit.PAGE;
        Path site = null;
        Path securityHeaders = null;
        String origin = null;
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String option = list.get(i);
            if (option.equals("--help") || option.equals("-h")) {
                throw new HelpRequested();
            }
            if (i + 1 >= list.size()) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unknown argument " + option);
            }
            String value = list.get(++i);
            switch (option) {
                case "--port" -> port = integer(option, value, 0, 65535);
                case "--endpoint" -> endpoint = URI.create(value);
                case "--region" -> region = value;
                case "--table" -> table = value;
                case "--key" -> key = Path.of(value);
                case "--public-key" -> publicKey = Path.of(value);
                case "--batch-limit" -> batchLimit = integer(option, value, BatchLimit.PAGE, BatchLimit.MAX);
                case "--site" -> site = Path.of(value);
                case "--security-headers" -> securityHeaders = Path.of(value);
                case "--allowed-origin" -> origin = value;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (endpoint == null || table == null || key == null) {
            throw new IllegalArgumentException("--endpoint, --table and --key are required");
        }
        if (site == null && Files.isDirectory(DEFAULT_SITE)) {
            site = DEFAULT_SITE;
        }
        return new ServeOptions(port, endpoint, region, table, key, Optional.ofNullable(publicKey),
                new BatchLimit(batchLimit), Optional.ofNullable(site), Optional.ofNullable(securityHeaders),
                Optional.ofNullable(origin));
    }

    private static int integer(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(option + " must be an integer from " + min + " to " + max);
    }

    /** {@code --help}: print the usage and exit 0. */
    static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
