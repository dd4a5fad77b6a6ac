package org.leakcheck.function.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    void equalBodiesHaveEqualStrongTags() {
        assertEquals(ETags.of("{\"a\":1}"), ETags.of("{\"a\":1}"));
        assertNotEquals(ETags.of("{\"a\":1}"), ETags.of("{\"a\":2}"));
        assertTrue(ETags.of("x").startsWith("\"") && !ETags.of("x").startsWith("W/"));
    }

    @Test
    void ifNoneMatchUsesTheWeakComparisonOverAList() {
        String tag = ETags.of("body");
        assertTrue(ETags.matches(tag, tag));
        assertTrue(ETags.matches("W/" + tag, tag));
        assertTrue(ETags.matches("\"a\", " + tag + " ,\"b\"", tag));
        assertTrue(ETags.matches("*", tag));
        assertFalse(ETags.matches(null, tag));
        assertFalse(ETags.matches("", tag));
        assertFalse(ETags.matches("\"a\"", tag));
        assertFalse(ETags.matches(tag.replace("\"", ""), tag), "unquoted is another tag");
    }
}
