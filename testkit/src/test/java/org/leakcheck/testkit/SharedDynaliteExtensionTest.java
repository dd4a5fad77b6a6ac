package org.leakcheck.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URI;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Needs: Node 20+ and testkit/node_modules. Uses the run-wide dynalite through a static
 * {@code @RegisterExtension} field.
 */
class SharedDynaliteExtensionTest {

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.sharedPerJvm();

    @BeforeAll
    static void createTable() {
        Tables.create(DYNAMO.client(), "shared-engine");
    }

    @Test
    void exposesClientAndEndpointFromBeforeAllOn(DynamoDbClient client, URI endpoint) {
        assertSame(DYNAMO.client(), client);
        assertEquals(DYNAMO.endpoint(), endpoint);
    }

    @Test
    void storesItemsInTheSharedEngine() {
        Tables.put(DYNAMO.client(), "shared-engine", "x", new byte[] {1, 2, 3});

        assertArrayEquals(new byte[] {1, 2, 3}, Tables.get(DYNAMO.client(), "shared-engine", "x"));
    }
}
