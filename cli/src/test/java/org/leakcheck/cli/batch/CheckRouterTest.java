package org.leakcheck.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** One {@code check} command: {@code --batch} routes to the batch check, the rest to the client's command. */
class CheckRouterTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new CheckRouter());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exit = line.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void batchHelpTeachesWithAnExample() {
        Run help = run("--batch", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out.contains("--api-key-file"), help.out);
        assertTrue(help.out.contains("--resume"), help.out);
        assertTrue(help.out.contains("leakcheck check --api https://"), "an example: " + help.out);
    }

    @Test
    void withoutBatchItIsTheClientsCheckWhoseHelpPointsToTheBatch() {
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out.contains("--nir"), help.out);
        assertTrue(help.out.contains("check --batch FILE"), help.out);
    }

    @Test
    void aBatchWithoutItsRequiredOptionsIsAUsageErrorWithStatus2() {
        Run missing = run("--batch", "members.csv");
        assertEquals(BatchCheckCommand.INCOMPLETE, missing.exit());
        assertTrue(missing.err.contains("--api"), missing.err);
        assertFalse(missing.err.contains("Exception"), missing.err);
    }
}
