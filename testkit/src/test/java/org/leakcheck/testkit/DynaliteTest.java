package org.leakcheck.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/** Needs: Node 20+ and testkit/node_modules. Starts its own dynalite processes, in memory and on disk. */
class DynaliteTest {

    @Test
    void keepsDataAcrossKillAndRestartWithPath(@TempDir Path dir) {
        byte[] payload = {42, 0, -1, 7};
        try (Dynalite dynalite = Dynalite.startPersistent(dir.resolve("db"));
             DynamoDbClient client = dynalite.newClient()) {
            Tables.create(client, "persisted");
            Tables.put(client, "persisted", "before-crash", payload);
            int port = dynalite.port();

            dynalite.kill();
            assertFalse(dynalite.isRunning());
            dynalite.restart();

            assertTrue(dynalite.isRunning());
            assertEquals(port, dynalite.port());
            assertArrayEquals(payload, Tables.get(client, "persisted", "before-crash"));
        }
    }

    @Test
    void comesBackEmptyAfterRestartInMemory() {
        try (Dynalite dynalite = Dynalite.startInMemory(); DynamoDbClient client = dynalite.newClient()) {
            Tables.create(client, "volatile");
            dynalite.kill();
            dynalite.restart();

            assertThrows(ResourceNotFoundException.class, () -> Tables.get(client, "volatile", "any"));
        }
    }

    @Test
    void refusesConnectionsOnceKilled() {
        try (Dynalite dynalite = Dynalite.startInMemory();
             DynamoDbClient client = dynalite.clientBuilder()
                     .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            dynalite.kill();

            assertFalse(accepts(dynalite.port()));
            assertThrows(SdkClientException.class, client::listTables);
        }
    }

    @Test
    void refusesToRestartWhileRunning() {
        try (Dynalite dynalite = Dynalite.startInMemory()) {
            assertThrows(IllegalStateException.class, dynalite::restart);
        }
    }

    @Test
    void stopIsIdempotentAndFreesThePort() {
        Dynalite dynalite = Dynalite.startInMemory();
        int port = dynalite.port();
        assertTrue(accepts(port));

        dynalite.stop();
        dynalite.stop();
        dynalite.close();

        assertFalse(dynalite.isRunning());
        assertFalse(accepts(port));
    }

    @Test
    void startsTwoEnginesOnDifferentPorts() {
        try (Dynalite first = Dynalite.startInMemory(); Dynalite second = Dynalite.startInMemory()) {
            assertNotEquals(first.port(), second.port());
            assertTrue(accepts(first.port()));
            assertTrue(accepts(second.port()));
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Dynalite.HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
