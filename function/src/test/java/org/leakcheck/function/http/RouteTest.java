package org.leakcheck.function.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void matchesTheThreeRoutesExactly() {
        assertEquals(Route.EVALUATE, Route.match("/v2/evaluate").orElseThrow().route());
        assertEquals(Route.INFO, Route.match("/v2/info").orElseThrow().route());
        Route.Match bucket = Route.match("/v2/buckets/labs-2021/9f0c/12").orElseThrow();
        assertEquals(Route.BUCKET, bucket.route());
        assertEquals(List.of("labs-2021", "9f0c", "12"), bucket.parameters());
    }

    @Test
    void unknownSpellingsAreNoRoute() {
        for (String path : new String[] {null, "", "/", "/v2", "/v2/", "/v2/info/", "/V2/info", "/v2/evaluate/",
                "/v2/buckets", "/v2/buckets/", "/v2/buckets/d/l", "/v2/buckets/d/l/1/", "/v2/buckets/d/l/1/2",
                "/v2/buckets//l/1", "/v2/buckets/d//1", "/v2/buckets/d/l/", "/v1/info", "/v1/evaluate",
                "/v1/buckets/12", "//v2/info", "/v2/info?x"}) {
            assertTrue(Route.match(path).isEmpty(), String.valueOf(path));
        }
    }

    @Test
    void leavesTheParametersRawForValidation() {
        assertEquals(List.of("%6Cabs", "L", "%31"), Route.match("/v2/buckets/%6Cabs/L/%31").orElseThrow().parameters());
    }
}
