package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report is a snapshot: what the pipeline counts after building it does not change it. Needs nothing to run. */
class LoadReportTest {

    private static LoadReport.Builder counts() {
        LoadReport.Builder counts = new LoadReport.Builder();
        counts.rowsRead = 10;
        counts.rowsAccepted = 9;
        counts.rowsRejected.put("nir.checksum", new LoadReport.Rejected(1, List.of(4L)));
        counts.phaseSeconds.put("read", 1.5);
        counts.phaseSeconds.put("compute", 0.5);
        counts.loadId = "ab".repeat(16);
        return counts;
    }

    @Test
    void aBuiltReportDoesNotChangeWhenTheCountsGoOn() {
        LoadReport.Builder counts = counts();
        LoadReport dryRun = counts.build(true);
        counts.rowsRead = 11;
        counts.itemsDeleted = 3;
        counts.phaseSeconds.put("write", 2.0);
        counts.rowsRejected.put("name.empty", new LoadReport.Rejected(2, List.of(5L, 6L)));
        assertEquals(10, dryRun.rowsRead());
        assertEquals(0, dryRun.itemsDeleted());
        assertEquals(List.of("read", "compute"), List.copyOf(dryRun.phaseSeconds().keySet()));
        assertEquals(List.of("nir.checksum"), List.copyOf(dryRun.rowsRejected().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> dryRun.phaseSeconds().put("write", 1.0));
        assertTrue(dryRun.dryRun());
        assertEquals(3, counts.build(false).itemsDeleted());
    }

    @Test
    void aRejectionKeepsTheLineNumbersItWasGiven() {
        List<Long> lines = new ArrayList<>(List.of(4L));
        LoadReport.Rejected rejected = new LoadReport.Rejected(1, lines);
        lines.add(9L);
        assertEquals(List.of(4L), rejected.lines());
    }

    @Test
    void theJsonReportNamesEveryCountAndKeepsThePhasesInOrder() throws Exception {
        JsonNode json = new ObjectMapper().valueToTree(counts().build(false));
        for (String field : List.of("rowsRead", "rowsAccepted", "emptyLines", "rowsRejected", "fieldsRejected",
                "persons", "entries", "entriesByKind", "personsWithoutFactor", "exposedMask", "disclosure", "servedUntil",
                "factorIgnored", "bucketBits", "buckets", "loadId", "maxBucketSize",
                "paddedSize", "itemsDeleted", "encoding", "delimiter", "partitions", "spillBytes", "piecesReused",
                "workDir", "dryRun", "phaseSeconds")) {
            assertTrue(json.has(field), field);
        }
        assertEquals(27, json.size(), "nothing else: the summary is not a field");
        assertEquals(1, json.get("rowsRejected").get("nir.checksum").get("count").asLong());
        assertEquals(List.of("read", "compute"), List.copyOf(iterable(json.get("phaseSeconds"))));
    }

    private static List<String> iterable(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
