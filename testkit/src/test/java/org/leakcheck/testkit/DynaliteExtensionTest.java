package org.leakcheck.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Needs: Node 20+ and testkit/node_modules (installed by this module's build). Starts one
 * in-memory dynalite for the class through {@code @ExtendWith}.
 */
@ExtendWith(DynaliteExtension.class)
class DynaliteExtensionTest {

    @Test
    void endpointIsOnLoopbackOnly(URI endpoint) {
        assertEquals("http", endpoint.getScheme());
        assertEquals(Dynalite.HOST, endpoint.getHost());
        assertTrue(endpoint.getPort() > 0);
    }

    @Test
    void createsTableAndRoundTripsAnItem(DynamoDbClient client) {
        Tables.create(client, "roundtrip");
        byte[] payload = "synthetic payload".getBytes(StandardCharsets.US_ASCII);

        Tables.put(client, "roundtrip", "a", payload);

        assertArrayEquals(payload, Tables.get(client, "roundtrip", "a"));
        assertNull(Tables.get(client, "roundtrip", "missing"));
        assertTrue(client.listTables().tableNames().contains("roundtrip"));
    }

    @Test
    void enforcesDynamoDbValidation(DynamoDbClient client) {
        // DynamoDB rejects table names shorter than 3 characters; so must the engine we test against.
        assertThrows(DynamoDbException.class, () -> Tables.create(client, "ab"));
    }

    @Test
    void givesTheSameClientToEveryTestOfTheClass(DynamoDbClient first, DynamoDbClient second) {
        assertSame(first, second);
    }
}
