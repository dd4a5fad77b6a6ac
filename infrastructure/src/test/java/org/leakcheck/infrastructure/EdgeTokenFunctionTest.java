package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The edge function's inline code, run in Node against a stand-in for the AWS SDK's Secrets Manager
 * client (the Lambda runtime provides the real one). Needs: Node on the PATH, as every test here
 * (jsii); offline.
 */
class EdgeTokenFunctionTest {
    /** Answers the secret as "token-of-NAME-in-REGION", or fails while FAIL is set; counts calls. */
    private static final String SDK_STUB = String.join("\n",
            "let calls = 0; let fail = false;",
            "class GetSecretValueCommand { constructor(input) { this.input = input; } }",
            "class SecretsManagerClient {",
            "  constructor(config) { this.region = config.region; }",
            "  async send(command) {",
            "    calls++;",
            "    if (fail) { const e = new Error('denied'); e.name = 'AccessDeniedException'; throw e; }",
            "    return { SecretString: 'token-of-' + command.input.SecretId + '-in-' + this.region };",
            "  }",
            "}",
            "module.exports = { GetSecretValueCommand, SecretsManagerClient,",
            "  calls: () => calls, setFailing: (f) => { fail = f; } };",
            "");
    /** Three origin requests: while the secret is unreadable, then twice once it is; prints JSON. */
    private static final String SCENARIO = String.join("\n",
            "const sdk = require('@aws-sdk/client-secrets-manager');",
            "const edge = require('./index.js');",
            "const event = () => ({ Records: [{ cf: { request: { uri: '/v2/evaluate', headers: {",
            "  'x-leakcheck-edge': [{ key: 'X-Leakcheck-Edge', value: 'forged by the viewer' }] } } } }] });",
            "(async () => {",
            "  sdk.setFailing(true);",
            "  const refused = await edge.handler(event());",
            "  sdk.setFailing(false);",
            "  const first = await edge.handler(event());",
            "  const second = await edge.handler(event());",
            "  process.stdout.write(JSON.stringify({ refused, first, second, calls: sdk.calls() }));",
            "})();",
            "");

    @TempDir
    Path dir;

    private JsonNode run() throws IOException, InterruptedException {
        DeploymentConfig config = DeploymentConfig.fromContext(Map.<String, Object>of()::get, Map.of());
        Files.writeString(dir.resolve("index.js"), EdgeTokenFunction.code(config));
        Path sdk = Files.createDirectories(dir.resolve("node_modules/@aws-sdk/client-secrets-manager"));
        Files.writeString(sdk.resolve("index.js"), SDK_STUB);
        Files.writeString(dir.resolve("scenario.js"), SCENARIO);
        Process node = new ProcessBuilder(List.of("node", "scenario.js")).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, node.exitValue(), out);
        return new ObjectMapper().readTree(out);
    }

    @Test
    void replacesTheViewersHeaderWithTheTokenReadOnceFromTheSecretInTheMainRegion() throws Exception {
        JsonNode result = run();
        for (String request : List.of("first", "second")) {
            JsonNode header = result.get(request).get("headers").get("x-leakcheck-edge");
            assertEquals(1, header.size());
            assertEquals("X-Leakcheck-Edge", header.get(0).get("key").asText());
            assertEquals("token-of-Leakcheck-prod-edge-token-in-eu-west-3", header.get(0).get("value").asText());
        }
        assertEquals(2, result.get("calls").asInt(), "one failed read, then one read for both requests");
    }

    @Test
    void answers503WithAProblemWhileTheTokenCannotBeRead() throws Exception {
        JsonNode refused = run().get("refused");
        assertEquals("503", refused.get("status").asText());
        assertEquals("application/problem+json", refused.get("headers").get("content-type").get(0).get("value").asText());
        assertEquals("no-store", refused.get("headers").get("cache-control").get(0).get("value").asText());
        JsonNode problem = new ObjectMapper().readTree(refused.get("body").asText());
        assertEquals(503, problem.get("status").asInt());
        assertEquals("edge.token", problem.get("rule").asText());
        assertFalse(refused.has("uri"), "the request is not forwarded to the origin");
    }
}
