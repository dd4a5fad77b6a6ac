package org.leakcheck.function.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void matchesTheThreeRoutesExactly() {
        assertEquals(Route.EVALUATE, Route.match("/v1/evaluate").orElseThrow().route());
        assertEquals(Route.INFO, Route.match("/v1/info").orElseThrow().route());
        Route.Match bucket = Route.match("/v1/buckets/12").orElseThrow();
        assertEquals(Route.BUCKET, bucket.route());
        assertEquals("12", bucket.parameter());
    }

    @Test
    void unknownSpellingsAreNoRoute() {
        for (String path : new String[] {null, "", "/", "/v1", "/v1/", "/v1/info/", "/V1/info", "/v1/evaluate/",
                "/v1/buckets", "/v1/buckets/", "/v1/buckets/1/2", "/v2/info", "//v1/info", "/v1/info?x"}) {
            assertTrue(Route.match(path).isEmpty(), String.valueOf(path));
        }
    }

    @Test
    void leavesTheBucketTextRawForValidation() {
        assertEquals("%31", Route.match("/v1/buckets/%31").orElseThrow().parameter());
    }
}
