package org.leakcheck.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import org.leakcheck.protocol.lookup.ExposureKind;

/** The check command's usage and errors; found / not found runs are in the function module's integration test. */
class CheckCliTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CheckCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void anInvalidIdentityExitsWith2NamingTheRuleNotTheValue() {
        Run run = run("--api", "http://127.0.0.1:9", "--nir", "1 85 05 78 006 048 31");
        assertEquals(CheckCli.ERROR, run.exit());
        assertTrue(run.err().contains("invalid --nir"), run.err());
        assertTrue(run.err().contains("[nir.key]"), run.err());
        assertFalse(run.err().contains("1 85 05") || run.err().contains("18505"), "the NIR is never printed");

        Run date = run("--api", "http://127.0.0.1:9", "--last-name", "Martin", "--first-name", "Anne",
                "--birth-date", "31/02/1980");
        assertEquals(CheckCli.ERROR, date.exit());
        assertTrue(date.err().contains("invalid --birth-date"), date.err());
        assertTrue(date.err().contains("[date.impossible]"), date.err());
        assertFalse(date.err().contains("Martin"));
    }

    @Test
    void needsEitherANirOrTheThreeNameFields() {
        assertEquals(CheckCli.ERROR, run("--api", "http://127.0.0.1:9").exit());
        assertEquals(CheckCli.ERROR, run("--api", "http://127.0.0.1:9", "--last-name", "Martin").exit());
        Run both = run("--api", "http://127.0.0.1:9", "--nir", "185057800604830", "--last-name", "Martin");
        assertEquals(CheckCli.ERROR, both.exit());
        assertTrue(both.err().contains("not both"));
        Run noApi = run("--nir", "185057800604830");
        assertEquals(CheckCli.ERROR, noApi.exit());
        assertTrue(noApi.err().contains("--api"));
    }

    @Test
    void anUnreachableApiExitsWith2() {
        Run run = run("--api", "http://127.0.0.1:9", "--nir", "185057800604830");
        assertEquals(CheckCli.ERROR, run.exit());
        assertTrue(run.err().contains("cannot reach the API"), run.err());
    }

    @Test
    void helpExitsWith0() {
        Run run = run("--help");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("--last-name"));
    }

    @Test
    void namesExposedKindsInPlainWords() {
        assertEquals("identity (names, birth date), social security number (NIR), blood group",
                ExposureWords.list(EnumSet.of(ExposureKind.BLOOD_GROUP, ExposureKind.NIR, ExposureKind.IDENTITY)));
        for (ExposureKind kind : ExposureKind.values()) {
            assertFalse(ExposureWords.of(kind).contains("_"), kind.name());
        }
    }
}
