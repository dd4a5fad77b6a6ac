package org.leakcheck.infrastructure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.leakcheck.protocol.keys.KeyIds;
import org.leakcheck.protocol.keys.PinnedKey;

/**
 * Every deployment parameter of the stack, read from CDK context ({@code -c key=value} or
 * {@code cdk.json}) and checked once, here, before any construct is built.
 *
 * <p>Context values given with {@code -c} arrive as strings and those from {@code cdk.json} as JSON
 * values, so every reader accepts both. The defaults are the ones {@code docs/deploy.md} documents;
 * change both together.
 *
 * @param stage             API Gateway stage name and a suffix of the stack names
 * @param account           AWS account id, if known (else the stack is account-agnostic)
 * @param region            region of the main stack (the WAF for CloudFront is always in us-east-1)
 * @param keyId             id of the OPRF key put into the secret ({@link KeyIds}: 16 lower-case hex
 *                          characters), or {@value #UNSET_KEY_ID} while the secret is still empty;
 *                          when set it must be the id of {@code publicKey}
 * @param publicKey         the public-key file of the deployment's key (docs/protocol.md §4.4), which
 *                          the buckets function publishes in /v2/info; never the secret key file.
 *                          Empty only for a synthesis that is not deployed (a warning says so)
 * @param allowedOrigin     CORS origin the functions allow; empty means same-origin only
 * @param evaluateRatePerIp WAF limit of /v2/evaluate requests per client address and window
 * @param evaluateRateWindowSeconds that window: 60, 120, 300 or 600 seconds (what WAF offers)
 * @param dailyCapPerClient the evaluate function's cap: elements one client address may have
 *                          evaluated in one UTC day (docs/deploy.md, "Limits")
 * @param apiRateLimit      stage default steady rate, requests per second
 * @param apiBurstLimit     stage default burst
 * @param evaluateRateLimit steady rate of POST /v2/evaluate (stricter than the default)
 * @param evaluateBurstLimit burst of POST /v2/evaluate
 * @param partnerRateLimit  per-key steady rate of the registered-caller usage plan
 * @param partnerBurstLimit per-key burst of that plan
 * @param partnerQuotaPerDay per-key daily request quota of that plan
 * @param partnerEvaluateRateLimit per-key steady rate of POST /v2/evaluate in that plan
 * @param partnerEvaluateBurstLimit per-key burst of POST /v2/evaluate in that plan
 * @param partnerBatchLimit most elements one evaluation of a registered caller (a partner key) may carry,
 *                          from Q to the documented maximum; the public's is always Q (docs/protocol.md §7.2)
 * @param partnerContracts  the contract plans: partners whose contract allows a daily quota other than
 *                          {@code partnerQuotaPerDay}, each a usage plan of its own with the partners'
 *                          rate, burst and evaluate throttle ({@code -c partnerContracts=acme:600000,...})
 * @param evaluateDailyAlarm evaluations a day (all callers) above which the EvaluateDailyVolume alarm fires
 * @param lambdaMemoryMb    memory of both functions
 * @param evaluateConcurrency reserved concurrency of evaluate
 * @param bucketsConcurrency  reserved concurrency of buckets
 * @param logRetentionDays  retention of the function and access log groups
 * @param alarmEmail        address subscribed to the alarm topics, if any
 * @param domainName        custom domain of the site, if any
 * @param certificateArn    ACM certificate (us-east-1) for that domain
 * @param lambdaJar         path of the shaded function jar (relative to infrastructure/)
 * @param siteDir           path of the built site (relative to infrastructure/)
 * @param securityHeadersFile the site's response-header list (relative to infrastructure/)
 * @param hstsIncludeSubdomains whether HSTS carries includeSubDomains (true unless the operator's
 *                          domain has subdomains that are not served over HTTPS)
 * @param localstack        true for the LocalStack variant: API, functions, table and secret only
 */
public record DeploymentConfig(
        String stage,
        Optional<String> account,
        String region,
        String keyId,
        Optional<PinnedKey> publicKey,
        String allowedOrigin,
        int evaluateRatePerIp,
        int evaluateRateWindowSeconds,
        int dailyCapPerClient,
        int apiRateLimit,
        int apiBurstLimit,
        int evaluateRateLimit,
        int evaluateBurstLimit,
        int partnerRateLimit,
        int partnerBurstLimit,
        int partnerQuotaPerDay,
        int partnerEvaluateRateLimit,
        int partnerEvaluateBurstLimit,
        int partnerBatchLimit,
        List<PartnerContract> partnerContracts,
        int evaluateDailyAlarm,
        int lambdaMemoryMb,
        int evaluateConcurrency,
        int bucketsConcurrency,
        int logRetentionDays,
        Optional<String> alarmEmail,
        Optional<String> domainName,
        Optional<String> certificateArn,
        String lambdaJar,
        String siteDir,
        String securityHeadersFile,
        boolean hstsIncludeSubdomains,
        boolean localstack) {

    /** CloudFront only accepts web ACLs and certificates from this region. */
    public static final String EDGE_REGION = "us-east-1";

    public static final String DEFAULT_STAGE = "prod";
    public static final String DEFAULT_REGION = "eu-west-3";
    public static final String DEFAULT_LAMBDA_JAR = "../function/target/function-lambda.jar";
    public static final String DEFAULT_SITE_DIR = "../website/dist";
    public static final String UNSET_KEY_ID = "unset";

    /*
     * The per-client defaults, sized to a person (docs/deploy.md, "Limits"): one submission of the
     * page is one evaluation of Q elements; a person checks themselves and a few relatives, retries
     * a typo, comes back another day. 10 submissions in 10 minutes (the WAF's smallest limit) and
     * 25 a day (100 elements at Q = 4) leave that room several times over, and make one address
     * take weeks over a commune-month of NIRs (ThreatModelTest).
     */
    public static final int DEFAULT_EVALUATE_RATE_PER_IP = 10;
    public static final int DEFAULT_EVALUATE_RATE_WINDOW_SECONDS = 600;
    public static final int DEFAULT_DAILY_CAP_PER_CLIENT = 100;
    /** Registered callers: thousands a day by default; the operator raises it per contract. */
    public static final int DEFAULT_PARTNER_QUOTA_PER_DAY = 2_000;
    public static final int DEFAULT_PARTNER_EVALUATE_RATE = 10;
    public static final int DEFAULT_PARTNER_EVALUATE_BURST = 20;
    public static final int DEFAULT_EVALUATE_DAILY_ALARM = 500_000;
    /** At most this many contract plans: API Gateway allows 300 usage plans per account and region. */
    public static final int MAX_PARTNER_CONTRACTS = 50;
    /** The evaluation windows a WAF rate-based rule accepts, in seconds. */
    private static final int[] RATE_WINDOWS = {60, 120, 300, 600};

    private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9]{0,15}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern ORIGIN = Pattern.compile("https://[a-z0-9.-]+(:\\d{1,5})?|http://localhost(:\\d{1,5})?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern EDGE_CERTIFICATE =
            Pattern.compile("arn:aws:acm:us-east-1:\\d{12}:certificate/[0-9a-f-]{36}");

    /** Log retention periods CloudWatch Logs accepts, in days. */
    private static final int[] RETENTION_DAYS = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
        1096, 1827, 2192, 2557, 2922, 3288, 3653};

    public DeploymentConfig {
        requireMatch("stage", stage, STAGE, "must be 1 to 16 lower-case letters or digits, starting with a letter");
        account.ifPresent(a -> requireMatch("account", a, ACCOUNT, "must be a 12-digit AWS account id"));
        requireMatch("region", region, REGION, "must be an AWS region name such as eu-west-3");
        // The protocol's one key-id rule: the CDK refuses exactly the ids the functions and clients refuse.
        if (!UNSET_KEY_ID.equals(keyId) && !KeyIds.isValid(keyId)) {
            throw new InvalidParameterException("keyId", "must be the keyId of the key file, 16 lower-case hex "
                    + "characters (a hash of the public key), or " + UNSET_KEY_ID + " while the secret is empty");
        }
        if (publicKey.isPresent() && !UNSET_KEY_ID.equals(keyId) && !publicKey.get().keyId().equals(keyId)) {
            throw new InvalidParameterException("keyId", "must be the keyId of the public key (publicKeyFile): "
                    + "the secret and the public key the site pins must be one key pair");
        }
        if (publicKey.isEmpty() && !UNSET_KEY_ID.equals(keyId)) {
            throw new InvalidParameterException("publicKeyFile", "must be given with keyId: the buckets function "
                    + "publishes the public key in /v2/info");
        }
        if (!allowedOrigin.isEmpty()) {
            requireMatch("allowedOrigin", allowedOrigin, ORIGIN,
                    "must be an https:// origin (scheme, host and optional port, no path), or empty");
        }
        // WAF rate-based rules accept limits from 10 up to 2 billion per window.
        requireRange("evaluateRatePerIp", evaluateRatePerIp, 10, 2_000_000_000);
        if (java.util.Arrays.stream(RATE_WINDOWS).noneMatch(w -> w == evaluateRateWindowSeconds)) {
            throw new InvalidParameterException("evaluateRateWindowSeconds", "must be 60, 120, 300 or 600 (the "
                    + "evaluation windows of a WAF rate-based rule)");
        }
        // At least one page submission (Q elements) a day, or nobody could ever check.
        requireRange("dailyCapPerClient", dailyCapPerClient, PublicApi.PAGE_BATCH_LIMIT, 1_000_000);
        // API Gateway's default account quota is 10,000 requests/s and a burst of 5,000 per region.
        requireRange("apiRateLimit", apiRateLimit, 1, 10_000);
        requireRange("apiBurstLimit", apiBurstLimit, 1, 5_000);
        requireRange("evaluateRateLimit", evaluateRateLimit, 1, apiRateLimit);
        requireRange("evaluateBurstLimit", evaluateBurstLimit, 1, apiBurstLimit);
        requireRange("partnerRateLimit", partnerRateLimit, 1, 10_000);
        requireRange("partnerBurstLimit", partnerBurstLimit, 1, 5_000);
        requireRange("partnerQuotaPerDay", partnerQuotaPerDay, 1, Integer.MAX_VALUE);
        requireRange("partnerEvaluateRateLimit", partnerEvaluateRateLimit, 1, partnerRateLimit);
        requireRange("partnerEvaluateBurstLimit", partnerEvaluateBurstLimit, 1, partnerBurstLimit);
        // At least the page's Q (a partner may do what the page does), at most what the gateway's schema admits.
        requireRange("partnerBatchLimit", partnerBatchLimit, PublicApi.PAGE_BATCH_LIMIT, PublicApi.MAX_BATCH);
        partnerContracts = List.copyOf(partnerContracts);
        if (partnerContracts.size() > MAX_PARTNER_CONTRACTS) {
            throw new InvalidParameterException("partnerContracts", "must name at most " + MAX_PARTNER_CONTRACTS
                    + " contracts");
        }
        Set<String> contractNames = new HashSet<>();
        for (PartnerContract contract : partnerContracts) {
            if (!contractNames.add(contract.name())) {
                throw new InvalidParameterException("partnerContracts", "must name each contract once");
            }
        }
        requireRange("evaluateDailyAlarm", evaluateDailyAlarm, 1, Integer.MAX_VALUE);
        requireRange("lambdaMemoryMb", lambdaMemoryMb, 128, 10_240);
        requireRange("evaluateConcurrency", evaluateConcurrency, 1, 10_000);
        requireRange("bucketsConcurrency", bucketsConcurrency, 1, 10_000);
        if (java.util.Arrays.stream(RETENTION_DAYS).noneMatch(d -> d == logRetentionDays)) {
            throw new InvalidParameterException("logRetentionDays",
                    "must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 180, 365, ... days)");
        }
        alarmEmail.ifPresent(e -> requireMatch("alarmEmail", e, EMAIL, "must be an e-mail address"));
        domainName.ifPresent(d -> requireMatch("domainName", d, DOMAIN, "must be a lower-case DNS name"));
        certificateArn.ifPresent(c -> requireMatch("certificateArn", c, EDGE_CERTIFICATE,
                "must be the ARN of an ACM certificate in us-east-1 (CloudFront only uses certificates from there)"));
        if (domainName.isPresent() != certificateArn.isPresent()) {
            throw new InvalidParameterException(domainName.isPresent() ? "certificateArn" : "domainName",
                    "domainName and certificateArn must be given together");
        }
        if (lambdaJar.isBlank()) {
            throw new InvalidParameterException("lambdaJar", "must not be empty");
        }
        if (siteDir.isBlank()) {
            throw new InvalidParameterException("siteDir", "must not be empty");
        }
        if (securityHeadersFile.isBlank()) {
            throw new InvalidParameterException("securityHeadersFile", "must not be empty");
        }
    }

    /**
     * Reads the configuration.
     *
     * @param context     the CDK context lookup ({@code app.getNode()::tryGetContext})
     * @param environment process environment, for {@code CDK_DEFAULT_ACCOUNT}, which the CDK CLI sets
     *                    from the caller's credentials when it has some
     */
    public static DeploymentConfig fromContext(Function<String, Object> context, Map<String, String> environment) {
        ContextReader c = new ContextReader(context);
        Optional<String> domain = c.optionalString("domainName");
        String origin = c.optionalString("allowedOrigin").orElse(domain.map(d -> "https://" + d).orElse(""));
        boolean localstack = c.bool("localstack", false);
        Optional<String> account = c.optionalString("account")
                .or(() -> Optional.ofNullable(environment.get("CDK_DEFAULT_ACCOUNT")).filter(s -> !s.isBlank()));
        // The region is never taken from the caller's AWS profile (CDK_DEFAULT_REGION, which the CLI
        // sets to us-east-1 when no profile names one): where health data is stored is a decision.
        String region = c.string("region", DEFAULT_REGION);
        return new DeploymentConfig(
                c.string("stage", DEFAULT_STAGE),
                account,
                region,
                c.string("keyId", UNSET_KEY_ID),
                publicKey(c),
                origin,
                c.integer("evaluateRatePerIp", DEFAULT_EVALUATE_RATE_PER_IP),
                c.integer("evaluateRateWindowSeconds", DEFAULT_EVALUATE_RATE_WINDOW_SECONDS),
                c.integer("dailyCapPerClient", DEFAULT_DAILY_CAP_PER_CLIENT),
                c.integer("apiRateLimit", 1_000),
                c.integer("apiBurstLimit", 500),
                c.integer("evaluateRateLimit", 300),
                c.integer("evaluateBurstLimit", 150),
                c.integer("partnerRateLimit", 50),
                c.integer("partnerBurstLimit", 100),
                c.integer("partnerQuotaPerDay", DEFAULT_PARTNER_QUOTA_PER_DAY),
                c.integer("partnerEvaluateRateLimit", DEFAULT_PARTNER_EVALUATE_RATE),
                c.integer("partnerEvaluateBurstLimit", DEFAULT_PARTNER_EVALUATE_BURST),
                c.integer("partnerBatchLimit", PublicApi.MAX_BATCH),
                partnerContracts(c),
                c.integer("evaluateDailyAlarm", DEFAULT_EVALUATE_DAILY_ALARM),
                c.integer("lambdaMemoryMb", 1_024),
                c.integer("evaluateConcurrency", 100),
                c.integer("bucketsConcurrency", 50),
                c.integer("logRetentionDays", 30),
                c.optionalString("alarmEmail"),
                domain,
                c.optionalString("certificateArn"),
                c.string("lambdaJar", DEFAULT_LAMBDA_JAR),
                c.string("siteDir", DEFAULT_SITE_DIR),
                c.string("securityHeadersFile", SecurityHeaders.DEFAULT_FILE),
                c.bool("hstsIncludeSubdomains", true),
                localstack);
    }

    /**
     * The public key, from {@code -c publicKeyFile=PATH} (relative to infrastructure/) or inline as
     * {@code -c publicKey=<the file's JSON>} (a JSON object in cdk.json). Checked with the protocol's
     * own reader, {@link PinnedKey#parse}: a valid P-256 point whose keyId is its hash.
     */
    private static Optional<PinnedKey> publicKey(ContextReader c) {
        Optional<String> inline = c.optionalJson("publicKey");
        Optional<String> file = c.optionalString("publicKeyFile");
        if (inline.isPresent() && file.isPresent()) {
            throw new InvalidParameterException("publicKey", "give publicKey or publicKeyFile, not both");
        }
        if (inline.isPresent()) {
            return Optional.of(parsePublicKey("publicKey", inline.get()));
        }
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new InvalidParameterException("publicKeyFile", "must name a readable file: the public-key file "
                    + "K.pub.json that `loader keygen --out K.json` writes beside the key");
        }
        return Optional.of(parsePublicKey("publicKeyFile", text));
    }

    private static PinnedKey parsePublicKey(String parameter, String text) {
        // The secret key file must never reach a template or a function's environment. The protocol's
        // messages name the rule, never the content, so they can be shown as they are.
        if (isSecretKeyFile(text)) {
            throw new InvalidParameterException(parameter, "is the secret key file (it holds the seed): give the "
                    + "public-key file K.pub.json; the key file goes into the Secrets Manager secret only");
        }
        try {
            return PinnedKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(parameter, "must be a public-key file (docs/protocol.md §4.4): "
                    + e.getMessage());
        }
    }

    /** A key file (or anything with its seed field, even a malformed one): docs/protocol.md §4.4. */
    private static boolean isSecretKeyFile(String text) {
        return text.contains("\"seed\"");
    }

    /**
     * The contract plans, from {@code -c partnerContracts=NAME:QUOTA,NAME:QUOTA} (or the same string
     * in cdk.json); none when absent or blank.
     */
    private static List<PartnerContract> partnerContracts(ContextReader c) {
        Optional<String> raw = c.optionalString("partnerContracts");
        List<PartnerContract> contracts = new ArrayList<>();
        if (raw.isEmpty()) {
            return contracts;
        }
        for (String entry : raw.get().split(",", -1)) {
            String[] parts = entry.trim().split(":", -1);
            if (parts.length != 2) {
                throw new InvalidParameterException("partnerContracts", "must be a comma-separated list of "
                        + "NAME:DAILY_QUOTA, e.g. acme:600000,mutuelle-x:500000");
            }
            int quota;
            try {
                quota = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("partnerContracts", "must give each contract's daily quota as "
                        + "an integer from 1 to " + Integer.MAX_VALUE);
            }
            contracts.add(new PartnerContract(parts[0].trim(), quota));
        }
        return contracts;
    }

    /**
     * One partner's contract: a usage plan {@code <stackName>-partner-<name>} with this daily request
     * quota, and the registered callers' rate, burst and evaluate throttle.
     *
     * @param name        lower-case letters and digits in hyphen-separated words, each starting with a
     *                    letter, at most 32 characters: it names the plan and its stack output
     * @param quotaPerDay requests a day, per key of the plan
     */
    public record PartnerContract(String name, int quotaPerDay) {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*");

        public PartnerContract {
            if (name == null || name.length() > 32 || !NAME.matcher(name).matches()) {
                throw new InvalidParameterException("partnerContracts", "each contract name must be 1 to 32 "
                        + "lower-case letters and digits in hyphen-separated words that start with a letter");
            }
            requireRange("partnerContracts", quotaPerDay, 1, Integer.MAX_VALUE);
        }

        /**
         * {@code mutuelle-x} as {@code MutuelleX}: for construct and output ids. One-to-one, because
         * every word starts with a letter, which is upper-cased.
         */
        public String idSuffix() {
            StringBuilder id = new StringBuilder();
            for (String word : name.split("-")) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            }
            return id.toString();
        }
    }

    /** True once the operator has put the key into the secret and said so with {@code keyId}. */
    public boolean keyInSecret() {
        return !UNSET_KEY_ID.equals(keyId);
    }

    /** True when the site, CloudFront and the WAF are part of the deployment (not on LocalStack). */
    public boolean withEdge() {
        return !localstack;
    }

    /** Prefix of stack and resource names: {@code Leakcheck-<stage>}. */
    public String stackName() {
        return "Leakcheck-" + stage;
    }

    private static void requireMatch(String parameter, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new InvalidParameterException(parameter, rule);
        }
    }

    private static void requireRange(String parameter, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidParameterException(parameter, "must be an integer from " + min + " to " + max);
        }
    }
}
