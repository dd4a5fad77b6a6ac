package org.leakcheck.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.junit.jupiter.api.Test;

import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.support.CapturedLog;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.MemoryBucketSource;
import org.leakcheck.function.support.Problems;
import org.leakcheck.function.support.TestKeys;

/**
 * A reload seen by the buckets function (docs/protocol.md §6.4, §7.3): the loader writes the new
 * load's items, then its manifest, then deletes the old load's items, while the function holds the
 * manifests for up to a minute. In memory, with a hand-driven clock.
 */
class BucketsReloadTest {

    private static final String KEY_ID = TestKeys.key().keyId();

    private final AtomicLong now = new AtomicLong();
    private final CapturedLog log = new CapturedLog();
    private final MemoryBucketSource table = new MemoryBucketSource()
            .put("labs-2021", Datasets.OLD_LOAD, 7, Datasets.entries(16, 1))
            .manifest(Datasets.manifest("labs-2021", Datasets.OLD_LOAD, 16, 12, KEY_ID));
    private final BucketsHandler handler = new BucketsHandler(table, new BucketsConfig(TestKeys.key().publicKey(),
            PartnerBatchLimit.DEFAULT, Duration.ofSeconds(60), now::get), HttpSettings.of(java.util.Optional.empty(), log));

    private APIGatewayProxyResponseEvent get(String load, int bucket) {
        APIGatewayProxyRequestEvent event = Events.load("bucket-valid");
        event.setPath("/v2/buckets/labs-2021/" + load + "/" + bucket);
        return handler.handleRequest(event, null);
    }

    private void reload() {
        table.put("labs-2021", Datasets.LOAD, 7, Datasets.entries(16, 2))
                .manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, KEY_ID))
                .deleteLoad("labs-2021", Datasets.OLD_LOAD);
    }

    @Test
    void theBucketOfALoadThatIsNoLongerCurrentIsNotFound() {
        assertEquals(200, get(Datasets.OLD_LOAD, 7).getStatusCode());
        reload();
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        Problems.assertProblem(get(Datasets.OLD_LOAD, 7), 404, "not-found", "load.unknown", "load");
        assertEquals(200, get(Datasets.LOAD, 7).getStatusCode());
        assertTrue(Events.json(handler.handleRequest(Events.load("info"), null).getBody()).toString()
                .contains(Datasets.LOAD), "/v2/info names the new load");
    }

    @Test
    void anItemDeletedByAReloadWithinTheCacheTimeMakesTheFunctionReadTheManifestsAgain() {
        assertEquals(200, get(Datasets.OLD_LOAD, 7).getStatusCode());
        reload();
        // The cached manifests still name the old load, whose items are gone.
        Problems.assertProblem(get(Datasets.OLD_LOAD, 7), 404, "not-found", "load.unknown", "load");
        assertEquals(200, get(Datasets.LOAD, 7).getStatusCode(), "the new load is served at once");
        assertEquals(2, table.manifestQueries());
    }

    @Test
    void aMissingItemOfTheServedLoadIsAnErrorNotAnEmptyBucket() {
        log.clear();
        APIGatewayProxyResponseEvent response = get(Datasets.OLD_LOAD, 8);
        assertEquals(500, response.getStatusCode());
        assertTrue(Events.json(log.last()).get("error").asText().contains("IllegalStateException"));
    }

    @Test
    void anItemOfAnotherSizeThanTheLoadsIsNeverServed() {
        table.put("labs-2021", Datasets.OLD_LOAD, 9, Datasets.entries(15, 3));
        assertEquals(500, get(Datasets.OLD_LOAD, 9).getStatusCode());
    }

    @Test
    void aBucketBeyondTheDatasetsBucketsIsOutOfRange() {
        Problems.assertProblem(get(Datasets.OLD_LOAD, 4096), 400, "invalid-bucket", "bucket.range", "bucket");
        assertEquals(0, table.itemReads(), "no read for a bucket that cannot exist");
    }
}
