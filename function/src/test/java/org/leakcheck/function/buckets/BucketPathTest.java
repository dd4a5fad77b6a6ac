package org.leakcheck.function.buckets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.leakcheck.function.http.ProblemException;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.rules.RuleCases;

class BucketPathTest {

    private static final String LOAD = "9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f0";

    private static BucketPath parse(String dataset, String load, String bucket) throws ProblemException {
        return BucketPath.parse(List.of(dataset, load, bucket));
    }

    @Test
    void acceptsTheOneSpellingOfEachBucket() throws ProblemException {
        for (int bucket = 0; bucket < 4096; bucket++) {
            assertEquals(bucket, parse("labs-2021", LOAD, Integer.toString(bucket)).bucket());
        }
        BucketPath last = parse("labs-2021", LOAD, "16777215");
        assertEquals(new BucketPath("labs-2021", LOAD, 16_777_215), last);
    }

    @Test
    void aNumberLongerThanEveryRangeIsKeptForTheRangeCheck() throws ProblemException {
        assertEquals(Integer.MAX_VALUE, parse("labs-2021", LOAD, "99999999999999999999").bucket());
    }

    @ParameterizedTest(name = "{0} / {1} / \"{2}\" breaks {3}")
    @CsvSource({
            "labs-2021, " + LOAD + ", '',    bucket.format,  bucket",
            "labs-2021, " + LOAD + ", '00',  bucket.format,  bucket",
            "labs-2021, " + LOAD + ", '01',  bucket.format,  bucket",
            "labs-2021, " + LOAD + ", '+1',  bucket.format,  bucket",
            "labs-2021, " + LOAD + ", '-1',  bucket.format,  bucket",
            "labs-2021, " + LOAD + ", ' 1',  bucket.format,  bucket",
            "labs-2021, " + LOAD + ", '1 ',  bucket.format,  bucket",
            "labs-2021, " + LOAD + ", '1.0', bucket.format,  bucket",
            "labs-2021, " + LOAD + ", '1e3', bucket.format,  bucket",
            "labs-2021, " + LOAD + ", '０',  bucket.format,  bucket",
            "labs-2021, " + LOAD + ", '%31', bucket.format,  bucket",
            "Labs-2021, " + LOAD + ", '1',   dataset.format, dataset",
            "-labs,     " + LOAD + ", '1',   dataset.format, dataset",
            "ab,        " + LOAD + ", '1',   dataset.format, dataset",
            "labs%2D1,  " + LOAD + ", '1',   dataset.format, dataset",
            "labs-2021, 9F0C1E5B7D2A41E3B6C8D0F2A4C6E8F0, '1', load.format, load",
            "labs-2021, 9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f, '1',  load.format, load",
            "labs-2021, 9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f0a, '1', load.format, load",
            "labs-2021, 9f0c1e5b7d2a41e3b6c8d0f2a4c6e8g0, '1', load.format, load",
            "Labs-2021, nothex, 'x', dataset.format, dataset",
            "labs-2021, nothex, 'x', load.format,    load",
    })
    void rejectsAnythingButTheCanonicalSpelling(String dataset, String load, String bucket, String rule, String field) {
        ProblemException e = assertThrows(ProblemException.class, () -> parse(dataset, load, bucket));
        assertEquals(rule, e.problem().rule());
        assertEquals(field, e.problem().field());
    }

    @Test
    void refusesExactlyTheDatasetIdsThatDatasetIdsRefuses() {
        for (String dataset : RuleCases.DATASET_IDS) {
            assertEquals(DatasetIds.isValid(dataset), parses(dataset, LOAD), "dataset \"" + dataset + "\"");
        }
    }

    @Test
    void refusesExactlyTheLoadIdsThatDatasetLoadRefuses() {
        for (String load : RuleCases.LOAD_IDS) {
            assertEquals(DatasetLoad.isValidLoadId(load), parses("labs-2021", load), "load \"" + load + "\"");
        }
    }

    private static boolean parses(String dataset, String load) {
        try {
            parse(dataset, load, "1");
            return true;
        } catch (ProblemException e) {
            return false;
        }
    }
}
