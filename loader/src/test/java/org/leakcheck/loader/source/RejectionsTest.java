package org.leakcheck.loader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RejectionsTest {

    @Test
    void countsEveryRejectionButKeepsOnlyTheFirstLines() {
        Rejections rejections = new Rejections(3);
        for (long line = 10; line < 20; line++) {
            rejections.reject(line, SourceRules.LINE_NUL);
        }
        rejections.reject(5, SourceRules.LINE_FIELD_COUNT);
        assertEquals(11, rejections.total());
        assertEquals(10, rejections.count(SourceRules.LINE_NUL));
        assertEquals(List.of(10L, 11L, 12L), rejections.lines(SourceRules.LINE_NUL));
        assertEquals(Map.of(SourceRules.LINE_FIELD_COUNT, 1L, SourceRules.LINE_NUL, 10L), rejections.counts());
        assertEquals(List.of(), rejections.lines("no.such-rule"));
    }
}
