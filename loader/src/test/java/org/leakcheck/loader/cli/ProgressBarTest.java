package org.leakcheck.loader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void showsCountRateAndEta() {
        String line = ProgressBar.render("compute", "entries", 500, 1000, 10);
        assertTrue(line.contains("[##############..............]"), line);
        assertTrue(line.contains(" 50%"), line);
        assertTrue(line.contains("500/1,000 entries"), line);
        assertTrue(line.contains("50/s"), line);
        assertTrue(line.contains("ETA 10s"), line);
    }

    @Test
    void unknownTotalShowsCountAndElapsed() {
        String line = ProgressBar.render("read", "rows", 12_345, -1, 75);
        assertTrue(line.contains("12,345 rows"), line);
        assertTrue(line.endsWith("1m15s"), line);
    }

    @Test
    void nonInteractiveOutputPrintsAFinalLinePerPhase() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintWriter(new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), false);
        bar.start("write", "items", 4096);
        bar.advance(4096);
        bar.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("100%"), out);
        assertTrue(!out.contains("\r"), "no carriage returns in logs");
    }
}
