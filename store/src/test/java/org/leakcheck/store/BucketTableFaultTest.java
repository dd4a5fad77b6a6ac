package org.leakcheck.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.testkit.Dynalite;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The engine dies mid-write. Needs: Node 20+ and testkit/node_modules; starts its own dynalite on
 * disk (temp folder) so that it can be killed with SIGKILL and restarted with its data.
 */
class BucketTableFaultTest {

    private static final WriteOptions SHORT_RETRIES = new WriteOptions(4, 4, Duration.ofMillis(5), Duration.ofMillis(20));

    @Test
    void failsClearlyWhenTheEngineDiesMidWriteAndConvergesAfterRewrite(@TempDir Path dir) {
        List<StoredBucket> items = TestBuckets.items(1_024, TestBuckets.ITEM_BYTES, 31);
        DatasetLoad load = TestBuckets.load("fault-set", 7, 10);
        try (Dynalite dynalite = Dynalite.startPersistent(dir.resolve("db"));
             // SDK retries off: the store's own retries are what this test is about.
             DynamoDbClient client = dynalite.clientBuilder()
                     .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            BucketTable table = new BucketTable(client, "fault-buckets");
            table.createIfMissing();
            AtomicLong written = new AtomicLong();
            AtomicBoolean killed = new AtomicBoolean();
            // Runs on a writer thread: SIGKILL the engine once 200 items are confirmed.
            Progress killAfterSome = count -> {
                if (written.addAndGet(count) >= 200 && killed.compareAndSet(false, true)) {
                    dynalite.kill();
                }
            };

            StoreException e = assertThrows(StoreException.class,
                    () -> table.writeBuckets(load, TestBuckets.SERVED_UNTIL, items, SHORT_RETRIES, killAfterSome));

            assertTrue(killed.get());
            Matcher message = Pattern.compile("table fault-buckets, dataset fault-set: (\\d+) of 1024 items not"
                    + " written after 4 attempts \\(last error: SdkClientException\\)").matcher(e.getMessage());
            assertTrue(message.matches(), e.getMessage());
            long notWritten = Long.parseLong(message.group(1));
            assertEquals(1_024 - written.get(), notWritten);
            assertTrue(notWritten > 0 && notWritten <= 1_024 - 200, "not written: " + notWritten);
            assertFalse(e.getMessage().contains(HexFormat.of().formatHex(items.get(0).entries(), 0, 8)));

            dynalite.restart();
            table.writeBuckets(load, TestBuckets.SERVED_UNTIL, items, SHORT_RETRIES, Progress.NONE);
            BucketTable clean = new BucketTable(client, "clean-buckets");
            clean.createIfMissing();
            clean.writeBuckets(load, TestBuckets.SERVED_UNTIL, items, SHORT_RETRIES, Progress.NONE);

            assertEquals(TestBuckets.scan(clean, load), TestBuckets.scan(table, load));
            assertEquals(TestBuckets.expected(items), TestBuckets.scan(table, load));
        }
    }

    @Test
    void keepsAcknowledgedItemsAcrossAKill(@TempDir Path dir) {
        List<StoredBucket> items = TestBuckets.items(50, 640, 32);
        DatasetLoad load = TestBuckets.load("kept-set", 8, 6);
        try (Dynalite dynalite = Dynalite.startPersistent(dir.resolve("db"));
             DynamoDbClient client = dynalite.newClient()) {
            BucketTable table = new BucketTable(client, "kept-buckets");
            table.createIfMissing();
            table.writeBuckets(load, TestBuckets.SERVED_UNTIL, items, SHORT_RETRIES, Progress.NONE);
            table.putManifest(TestBuckets.manifest(load));

            dynalite.kill();
            dynalite.restart();

            assertEquals(TestBuckets.expected(items), TestBuckets.scan(table, load));
            assertEquals(TestBuckets.manifest(load), table.manifest("kept-set").orElseThrow());
        }
    }
}
