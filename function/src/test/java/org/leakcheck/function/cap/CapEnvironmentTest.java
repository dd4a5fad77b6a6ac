package org.leakcheck.function.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** The cap's configuration from the evaluate function's environment. Pure Java: a stub secrets client. */
class CapEnvironmentTest {
    private static final String SITE_KEY = "k3yThatCloudFrontAddsToEveryRequest000001";

    private static final String EDGE_TOKEN = "tokenThatOnlyTheEdgeFunctionAndEvaluateHold01";
    private static final String SITE_ARN = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:site";
    private static final String EDGE_ARN = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:edge";

    /** Answers secrets by id (any other id gets {@code value}), and records which were read. */
    private static final class OneSecret implements SecretsManagerClient {
        final List<String> read = new ArrayList<>();
        final String value;
        final Map<String, String> byId;

        OneSecret(String value) {
            this(value, Map.of());
        }

        OneSecret(String value, Map<String, String> byId) {
            this.value = value;
            this.byId = byId;
        }

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            read.add(request.secretId());
            return GetSecretValueResponse.builder().secretString(byId.getOrDefault(request.secretId(), value)).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void hasNoCapWithoutACapTable() {
        assertFalse(new CapEnvironment(Map.of()).capped());
        assertTrue(new CapEnvironment(Map.of(CapEnvironment.CAP_TABLE, "caps")).capped());
    }

    @Test
    void readsTheSiteKeyAndEdgeTokenSecretsOnceAndTellsTheEdgesRequestsFromOthers() {
        OneSecret secrets = new OneSecret(SITE_KEY, Map.of(EDGE_ARN, EDGE_TOKEN));
        ClientResolver resolver = resolver(new CapEnvironment(Map.of(CapEnvironment.CAP_TABLE, "caps",
                CapEnvironment.SITE_KEY_SECRET_ARN, SITE_ARN, CapEnvironment.EDGE_TOKEN_SECRET_ARN, EDGE_ARN)), secrets);
        assertEquals(List.of(SITE_ARN, EDGE_ARN), secrets.read);
        assertEquals(ClientAddress.parse("203.0.113.7"), resolver.resolve(SITE_KEY, "130.176.0.1", "203.0.113.7:4711",
                EDGE_TOKEN));
        assertEquals(ClientAddress.parse("192.0.2.66"), resolver.resolve(SITE_KEY, "192.0.2.66", "203.0.113.7:4711",
                null), "the site key alone does not make the viewer header trusted");
        assertEquals(Optional.empty(), resolver.resolve("another key", "192.0.2.1", "203.0.113.7:4711", null));
    }

    @Test
    void trustsNoViewerAddressWithoutAnEdgeTokenSecret() {
        ClientResolver resolver = resolver(new CapEnvironment(Map.of(CapEnvironment.CAP_TABLE, "caps",
                CapEnvironment.SITE_KEY_SECRET_ARN, SITE_ARN)), new OneSecret(SITE_KEY));
        assertEquals(ClientAddress.parse("192.0.2.66"), resolver.resolve(SITE_KEY, "192.0.2.66", "203.0.113.7:4711",
                SITE_KEY));
    }

    @Test
    void countsTheTcpPeerWhenNoSiteKeyIsConfigured() {
        OneSecret secrets = new OneSecret(SITE_KEY);
        ClientResolver resolver = resolver(new CapEnvironment(Map.of(CapEnvironment.CAP_TABLE, "caps")), secrets);
        assertTrue(secrets.read.isEmpty());
        assertEquals(ClientAddress.parse("192.0.2.1"), resolver.resolve(null, "192.0.2.1", "203.0.113.7:4711", null));
    }

    @Test
    void refusesAnEmptySiteKeyOrEdgeTokenOrAMissingDailyLimitAtInit() {
        assertThrows(IllegalStateException.class, () -> resolver(new CapEnvironment(Map.of(CapEnvironment.CAP_TABLE, "caps",
                CapEnvironment.SITE_KEY_SECRET_ARN, "arn")), new OneSecret(" ")));
        assertThrows(IllegalStateException.class, () -> resolver(new CapEnvironment(Map.of(CapEnvironment.CAP_TABLE, "caps",
                CapEnvironment.SITE_KEY_SECRET_ARN, SITE_ARN, CapEnvironment.EDGE_TOKEN_SECRET_ARN, EDGE_ARN)), new OneSecret(SITE_KEY, Map.of(EDGE_ARN, ""))));
        assertThrows(IllegalStateException.class, () -> new CapEnvironment(Map.of(CapEnvironment.CAP_TABLE, "caps"))
                .dailyCap(org.leakcheck.function.support.TestKeys.key(), software.amazon.awssdk.regions.Region.EU_WEST_3,
                        software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create()));
    }

    /** The resolver the Lambda builds: the callers (site key) first, then the edge token, from one client. */
    private static ClientResolver resolver(CapEnvironment environment,
                                           software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secrets) {
        return environment.resolver(environment.callers(secrets), secrets);
    }
}
