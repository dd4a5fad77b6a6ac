package org.leakcheck.infrastructure;

import java.util.List;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/**
 * The Lambda@Edge origin-request function of the {@code /v2/evaluate} behaviour: it adds the edge
 * token ({@link EdgeTokenSecret}) as {@value EdgeTokenSecret#HEADER} to every request CloudFront
 * forwards there, and answers 503 itself when it cannot read the token, so that no evaluation reaches
 * the origin without it (the evaluate function would count it against CloudFront's address).
 *
 * <p>It lives in the {@link EdgeStack}, in us-east-1, where Lambda@Edge functions must be created;
 * the distribution in the main stack takes its version through the cross-region references that
 * already carry the web ACL's ARN. This is what {@code cloudfront.experimental.EdgeFunction} does,
 * without the extra stack and parameter-reader custom resource it creates when the main stack is in
 * another region.
 *
 * <p>Lambda@Edge allows no environment variables: the inline code carries the secret's name and
 * region as literals, fetches the value once per container and keeps it for
 * {@value #TOKEN_CACHE_SECONDS} seconds (so that a replaced token reaches every container).
 */
public final class EdgeTokenFunction extends Construct {
    /** How long a container keeps the token before it reads the secret again. */
    public static final int TOKEN_CACHE_SECONDS = 300;

    private final Role role;
    private final Function function;

    public EdgeTokenFunction(Construct scope, String id, DeploymentConfig config) {
        super(scope, id);
        String name = EdgeTokenSecret.edgeRoleName(config);
        this.role = Role.Builder.create(this, "Role")
                .roleName(name)
                .assumedBy(new CompositePrincipal(new ServicePrincipal("lambda.amazonaws.com"),
                        new ServicePrincipal("edgelambda.amazonaws.com")))
                .description("leakcheck " + config.stage() + " edge origin-request function: reads the edge token")
                .build();
        ManagedPolicy.Builder.create(this, "Policy")
                .description("leakcheck " + config.stage() + " edge origin-request function: everything its role may do")
                .roles(List.of(role))
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("ReadEdgeToken")
                                .effect(Effect.ALLOW)
                                .actions(List.of("secretsmanager:GetSecretValue"))
                                .resources(List.of(EdgeTokenSecret.secretArnPattern(config)))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("WriteOwnLogs")
                                .effect(Effect.ALLOW)
                                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"))
                                // Lambda@Edge writes to /aws/lambda/us-east-1.NAME in each region it runs in.
                                .resources(List.of("arn:" + Aws.PARTITION + ":logs:*:" + Aws.ACCOUNT_ID
                                        + ":log-group:/aws/lambda/us-east-1." + name + ":*"))
                                .build()))
                .build();
        this.function = Function.Builder.create(this, "Function")
                .functionName(name)
                .description("leakcheck " + config.stage() + ": adds the edge token to /v2/evaluate (origin request)")
                // Lambda@Edge: x86_64 only, no environment, no reserved concurrency, no VPC.
                .runtime(Runtime.NODEJS_22_X)
                .architecture(Architecture.X86_64)
                .handler("index.handler")
                .code(Code.fromInline(code(config)))
                .memorySize(128)
                .timeout(Duration.seconds(5))
                .role(role)
                .build();
    }

    /**
     * The handler. Never logs the token or the request: only that the token could not be read, with
     * the error's name.
     */
    static String code(DeploymentConfig config) {
        String problem = "{\"type\":\"" + PublicApi.PROBLEM_BASE + "unavailable\",\"title\":\"Service unavailable\","
                + "\"status\":503,\"detail\":\"evaluations cannot be accepted right now; retry later\","
                + "\"rule\":\"edge.token\"}";
        return String.join("\n",
                "'use strict';",
                "const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');",
                "const SECRET_ID = " + jsString(EdgeTokenSecret.secretName(config)) + ";",
                "const CACHE_MS = " + TOKEN_CACHE_SECONDS * 1000 + ";",
                "const PROBLEM = " + jsString(problem) + ";",
                "const client = new SecretsManagerClient({ region: " + jsString(config.region()) + " });",
                "let cached;",
                "function edgeToken() {",
                "  if (!cached || Date.now() - cached.at > CACHE_MS) {",
                "    const entry = { at: Date.now() };",
                "    entry.value = client.send(new GetSecretValueCommand({ SecretId: SECRET_ID })).then((out) => {",
                "      if (!out.SecretString) { throw new Error('the secret has no string value'); }",
                "      return out.SecretString;",
                "    });",
                "    entry.value.catch(() => { if (cached === entry) { cached = undefined; } });",
                "    cached = entry;",
                "  }",
                "  return cached.value;",
                "}",
                "exports.handler = async (event) => {",
                "  const request = event.Records[0].cf.request;",
                "  let token;",
                "  try {",
                "    token = await edgeToken();",
                "  } catch (e) {",
                "    console.error(JSON.stringify({ message: 'edge token unavailable', error: e.name }));",
                "    return { status: '503', statusDescription: 'Service Unavailable', body: PROBLEM, headers: {",
                "      'content-type': [{ key: 'Content-Type', value: 'application/problem+json' }],",
                "      'cache-control': [{ key: 'Cache-Control', value: 'no-store' }] } };",
                "  }",
                "  request.headers['" + EdgeTokenSecret.HEADER.toLowerCase(java.util.Locale.ROOT) + "'] = [{ key: '"
                        + EdgeTokenSecret.HEADER + "', value: token }];",
                "  return request;",
                "};",
                "");
    }

    /** A JavaScript string literal of {@code value} (names and regions only: no quotes or backslashes). */
    private static String jsString(String value) {
        if (value.contains("'") || value.contains("\\") || value.contains("\n")) {
            throw new IllegalArgumentException("not a plain literal");
        }
        return "'" + value + "'";
    }

    /** The published version the distribution associates (Lambda@Edge needs a numbered version). */
    public IVersion currentVersion() {
        return function.getCurrentVersion();
    }

    public Role role() {
        return role;
    }

    public Function function() {
        return function;
    }
}
