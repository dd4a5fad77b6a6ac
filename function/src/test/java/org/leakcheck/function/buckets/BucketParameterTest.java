package org.leakcheck.function.buckets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.leakcheck.function.http.ProblemException;

class BucketParameterTest {

    @Test
    void acceptsEveryBucketOfTheRange() throws ProblemException {
        for (int bucket = 0; bucket < 4096; bucket++) {
            assertEquals(bucket, BucketParameter.parse(Integer.toString(bucket), 12));
        }
        assertEquals(16_777_215, BucketParameter.parse("16777215", 24));
        assertEquals(1, BucketParameter.parse("1", 1));
    }

    @ParameterizedTest(name = "\"{0}\" with B={1} breaks {2}")
    @CsvSource({
            "'',           12, bucket.format",
            "'00',         12, bucket.format",
            "'01',         12, bucket.format",
            "'+1',         12, bucket.format",
            "'-1',         12, bucket.format",
            "' 1',         12, bucket.format",
            "'1 ',         12, bucket.format",
            "'1.0',        12, bucket.format",
            "'1e3',        12, bucket.format",
            "'０',         12, bucket.format",
            "'4096',       12, bucket.range",
            "'2',          1,  bucket.range",
            "'16777216',   24, bucket.range",
            "'2147483648', 24, bucket.range",
            "'99999999999999999999', 12, bucket.range",
    })
    void rejectsAnythingButTheCanonicalDecimal(String raw, int bits, String rule) {
        ProblemException e = assertThrows(ProblemException.class, () -> BucketParameter.parse(raw, bits));
        assertEquals(rule, e.problem().rule());
        assertEquals("bucket", e.problem().field());
    }
}
