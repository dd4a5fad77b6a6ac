package org.leakcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The {@code leakcheck} command line: its subcommands and the options of {@code serve}. Pure, no process. */
class LeakcheckCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Leakcheck.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static ServeCommand serve(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void helpListsEveryCommandAndShowsTheSafeCheckFirst() {
        Run run = run("--help");
        assertEquals(0, run.exit());
        for (String command : new String[] {"demo", "serve", "check", "loader"}) {
            assertTrue(run.out().contains("  " + command + " "), run.out());
        }
        assertTrue(run.out().contains("--nir -"), run.out());
    }

    @Test
    void serveTakesTheKeyAndOptionallyAnotherPublicKeyAndABatchLimit() {
        ServeCommand defaults = serve("--endpoint", "http://127.0.0.1:1", "--table", "t", "--key", "key.json");
        assertEquals(Path.of("key.json"), defaults.key);
        assertEquals(null, defaults.publicKey, "the key's own public key");
        assertEquals(2, defaults.batchLimit);
        assertEquals(8080, defaults.port);
        ServeCommand options = serve("--endpoint", "http://127.0.0.1:1", "--table", "t", "--key", "key.json",
                "--public-key", "key.pub.json", "--batch-limit", "256", "--port", "0", "--security-headers", "h.json");
        assertEquals(Path.of("key.pub.json"), options.publicKey);
        assertEquals(256, options.batchLimit);
        assertEquals(0, options.port);
        assertEquals(Path.of("h.json"), options.securityHeaders);
    }

    @Test
    void serveRefusesMissingOrBadOptionsWithStatus2() {
        for (String[] bad : new String[][] {{"serve", "--endpoint", "http://x", "--table", "t"},
                {"serve", "--endpoint", "http://x", "--table", "t", "--key", "k", "--batch-limit", "1"},
                {"serve", "--endpoint", "http://x", "--table", "t", "--key", "k", "--port", "70000"},
                {"serve", "--endpoint", "http://x", "--table", "t", "--key", "k", "--bucket-bits", "12"}}) {
            Run run = run(bad);
            assertEquals(2, run.exit(), String.join(" ", bad));
            assertTrue(run.err().startsWith("serve: "), run.err());
        }
    }

    @Test
    void checkAndLoaderKeepTheirOwnOptionsAndStatus() {
        Run check = run("check", "--api", "http://127.0.0.1:9");
        assertEquals(2, check.exit());
        assertTrue(check.err().contains("--public-key"), check.err());
        Run loader = run("loader", "--help");
        assertEquals(0, loader.exit());
        Run demo = run("demo", "--patients", "0");
        assertEquals(2, demo.exit());
        assertTrue(demo.err().contains("--patients must be a positive integer"), demo.err());
    }

    @Test
    void shellQuotesTheTryLinesValues() {
        assertEquals("185057800604830", TryLines.quote("185057800604830"));
        assertEquals("'Le Goff'", TryLines.quote("Le Goff"));
        assertEquals("'D'\\''Arc'", TryLines.quote("D'Arc"));
    }
}
