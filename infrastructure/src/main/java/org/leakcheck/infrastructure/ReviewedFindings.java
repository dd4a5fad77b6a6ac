package org.leakcheck.infrastructure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnResource;
import software.constructs.IConstruct;

/**
 * The cdk-nag findings (AwsSolutions and HIPAASecurity packs, run by the infrastructure tests) that
 * the stack keeps on purpose, each with its rule and its reason in one sentence. They are written as
 * the {@code cdk_nag} metadata that cdk-nag reads, so the app itself needs no cdk-nag at synthesis
 * and the template shows every reviewed finding next to its resource.
 */
final class ReviewedFindings {
    static final String METADATA = "cdk_nag";

    /** One kept finding: the rule's id and why the stack does otherwise. */
    record Finding(String rule, String reason) {
        Finding {
            if (reason.length() < 10 || !reason.endsWith(".")) {
                throw new IllegalArgumentException("a reviewed finding needs its reason, as a sentence: " + rule);
            }
        }
    }

    private ReviewedFindings() {
    }

    /** Records {@code findings} on every CloudFormation resource in {@code construct} and below it. */
    static void keep(IConstruct construct, Finding... findings) {
        for (IConstruct node : construct.getNode().findAll()) {
            if (node instanceof CfnResource resource) {
                add(resource, findings);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void add(CfnResource resource, Finding... findings) {
        Object existing = resource.getMetadata(METADATA);
        List<Object> rules = new ArrayList<>();
        if (existing instanceof Map<?, ?> map && map.get("rules_to_suppress") instanceof List<?> list) {
            rules.addAll(list);
        }
        for (Finding finding : findings) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", finding.rule());
            rule.put("reason", finding.reason());
            rules.add(rule);
        }
        resource.addMetadata(METADATA, Map.of("rules_to_suppress", rules));
    }

    // The reasons, shared where several resources keep the same finding.

    static final Finding PUBLIC_API_NO_AUTH = new Finding("AwsSolutions-APIG4",
            "The lookup is public and anonymous by design: authenticating callers would identify who checked, and "
                    + "API keys, the WAF and the daily cap bound its use instead.");
    static final Finding PUBLIC_API_NO_COGNITO = new Finding("AwsSolutions-COG4",
            "The lookup is public and anonymous by design: a Cognito user pool would identify who checked.");
    static final Finding NO_EXECUTION_LOGS = new Finding("AwsSolutions-APIG6",
            "Execution logs would record bodies (blinded elements) and paths (bucket numbers); the JSON access log "
                    + "without them is on.");
    static final Finding NO_EXECUTION_LOGS_HIPAA = new Finding("HIPAA.Security-APIGWExecutionLoggingEnabled",
            "Execution logs would record bodies (blinded elements) and paths (bucket numbers); the JSON access log "
                    + "without them is on.");
    static final Finding NO_API_CACHE = new Finding("HIPAA.Security-APIGWCacheEnabledAndEncrypted",
            "There is no API Gateway cache: CloudFront caches the immutable bucket answers, and evaluate must never "
                    + "be cached.");
    static final Finding NO_BACKEND_CERTIFICATE = new Finding("HIPAA.Security-APIGWSSLEnabled",
            "A client certificate authenticates API Gateway to an HTTP backend, and the only integrations here are "
                    + "Lambda proxies invoked through AWS's signed API.");
    static final Finding NO_XRAY = new Finding("HIPAA.Security-APIGWXrayEnabled",
            "Traces would keep per-request segments next to request ids; the access log and the functions' own "
                    + "metrics are the telemetry, by design.");
    static final Finding NO_CDN_LOGS = new Finding("AwsSolutions-CFR3",
            "CloudFront standard logs would keep client addresses next to bucket paths, which narrows down who "
                    + "checked what (docs/protocol.md section 9).");
    static final Finding DEFAULT_CERTIFICATE = new Finding("AwsSolutions-CFR4",
            "Without a custom domain CloudFront serves its default certificate, whose TLS policy cannot be set; "
                    + "domainName and certificateArn give TLS 1.2 at least (docs/deploy.md, Parameters).");
    static final Finding NO_GEO_RESTRICTION = new Finding("AwsSolutions-CFR1",
            "The check page is for anyone the leak concerns, wherever they live; per-address limits, not "
                    + "geography, bound enumeration.");
    static final Finding GATEWAY_LOG_ROLE = new Finding("AwsSolutions-IAM4",
            "API Gateway's account-wide logging role uses AWS's managed push-to-CloudWatch policy, which can only "
                    + "write logs.");
    static final Finding JAVA_21 = new Finding("AwsSolutions-L1",
            "Java 21 is the runtime the project fixes and tests SnapStart on; moving to Java 25 is a deliberate "
                    + "upgrade, not a synthesis default.");
    static final Finding SYNCHRONOUS = new Finding("HIPAA.Security-LambdaDLQ",
            "API Gateway invokes the functions synchronously, and a dead-letter queue only applies to "
                    + "asynchronous invocations.");
    static final Finding NO_VPC = new Finding("HIPAA.Security-LambdaInsideVPC",
            "The functions reach only AWS APIs over TLS with their own roles; a VPC would add NAT or endpoints and "
                    + "cold-start time, and protect no data path.");
    static final Finding[] LIBRARY_DEPLOYER = {
        new Finding("AwsSolutions-IAM4", "CDK's BucketDeployment provider, which copies the built site at deployment "
                + "time, comes with the basic Lambda execution role."),
        new Finding("AwsSolutions-IAM5", "CDK's BucketDeployment provider needs object wildcards on the site bucket "
                + "and the CDK asset bucket to copy and prune the site."),
        new Finding("AwsSolutions-L1", "The BucketDeployment provider's runtime is chosen by the CDK library version."),
        new Finding("HIPAA.Security-IAMNoInlinePolicy", "The BucketDeployment provider's policy is generated by the "
                + "CDK library."),
        new Finding("HIPAA.Security-LambdaConcurrency", "The BucketDeployment provider runs once per deployment, "
                + "never on a request path."),
        new Finding("HIPAA.Security-LambdaDLQ", "The BucketDeployment provider is invoked synchronously by "
                + "CloudFormation."),
        new Finding("HIPAA.Security-LambdaInsideVPC", "The BucketDeployment provider only talks to S3 and CloudFront "
                + "at deployment time."),
    };
    static final Finding[] SITE_BUCKET = {
        new Finding("AwsSolutions-S1", "The bucket holds the public site, read only by CloudFront through origin "
                + "access control, so its access log would only show CloudFront."),
        new Finding("HIPAA.Security-S3BucketLoggingEnabled", "The bucket holds the public site, read only by "
                + "CloudFront through origin access control, so its access log would only show CloudFront."),
        new Finding("HIPAA.Security-S3BucketReplicationEnabled", "The site is rebuilt from the repository at every "
                + "deployment and its hash is a stack output, so a copy protects nothing."),
        new Finding("HIPAA.Security-S3BucketVersioningEnabled", "The site is rebuilt from the repository at every "
                + "deployment and its hash is a stack output, so old versions protect nothing."),
        new Finding("HIPAA.Security-S3DefaultEncryptionKMS", "The site is public by design, so a customer key would "
                + "protect nothing; S3-managed encryption stays on."),
    };
    static final Finding[] SITE_KEY = {
        new Finding("AwsSolutions-SMG4", "The site key is visible in the distribution's configuration by design "
                + "(CloudFront sends it), so rotating it would not make it secret; docs/deploy.md says what it guards."),
        new Finding("HIPAA.Security-SecretsManagerRotationEnabled", "The site key is visible in the distribution's "
                + "configuration by design, so rotating it would not make it secret."),
        new Finding("HIPAA.Security-SecretsManagerUsingKMSKey", "The site key is visible in the distribution's "
                + "configuration by design, so a customer key would not make it secret."),
    };
    static final Finding[] OPRF_KEY_ROTATION = {
        new Finding("AwsSolutions-SMG4", "A new OPRF key means rebuilding the site and reloading every dataset "
                + "(docs/deploy.md, step 7): an operator's decision, never a schedule."),
        new Finding("HIPAA.Security-SecretsManagerRotationEnabled", "A new OPRF key means rebuilding the site and "
                + "reloading every dataset (docs/deploy.md, step 7): an operator's decision, never a schedule."),
    };
    static final Finding LEAK_TABLE_BACKUPS = new Finding("HIPAA.Security-DynamoDBInBackupPlan",
            "Point-in-time recovery keeps 35 days of backups; more copies of health data would outlive the service's "
                    + "end date (GDPR storage limitation).");
    static final Finding[] CAP_TABLE = {
        new Finding("HIPAA.Security-DynamoDBInBackupPlan", "A daily counter must not outlive its day, and losing the "
                + "table only resets today's counts."),
        new Finding("HIPAA.Security-DynamoDBPITREnabled", "A daily counter must not outlive its day, and losing the "
                + "table only resets today's counts."),
        new Finding("AwsSolutions-DDB3", "A daily counter must not outlive its day, and losing the table only resets "
                + "today's counts."),
    };
    static final Finding NO_WAF_LOGS = new Finding("HIPAA.Security-WAFv2LoggingEnabled",
            "WAF logs would keep every client address with its request path; only counts reach CloudWatch, and "
                    + "sampled requests are off.");
    static final Finding[] EDGE_TOKEN = {
        new Finding("AwsSolutions-SMG4", "The edge token is read by two roles only and never leaves AWS, so a schedule "
                + "would add no secrecy; an administrator replaces it if it leaks (docs/deploy.md, No bypass)."),
        new Finding("HIPAA.Security-SecretsManagerRotationEnabled", "The edge token is read by two roles only and "
                + "never leaves AWS, so a schedule would add no secrecy."),
        new Finding("HIPAA.Security-SecretsManagerUsingKMSKey", "The edge token guards no health data and its "
                + "resource policy already limits reading to two roles, so a customer key would add nothing."),
    };
    static final Finding[] EDGE_FUNCTION = {
        new Finding("AwsSolutions-IAM5", "Lambda@Edge writes its logs in whichever region a replica runs, and "
                + "Secrets Manager appends six random characters to the fixed secret name."),
        new Finding("AwsSolutions-L1", "Lambda@Edge accepts only some Lambda runtimes, and Node.js 22 is the newest "
                + "one the project relies on it to accept; moving on is a deliberate upgrade, not a synthesis default."),
        new Finding("HIPAA.Security-LambdaConcurrency", "Lambda@Edge functions cannot have reserved concurrency."),
        new Finding("HIPAA.Security-LambdaDLQ", "Lambda@Edge functions cannot have a dead-letter queue, and "
                + "CloudFront invokes them synchronously."),
        new Finding("HIPAA.Security-LambdaInsideVPC", "Lambda@Edge functions cannot run in a VPC."),
    };
}
