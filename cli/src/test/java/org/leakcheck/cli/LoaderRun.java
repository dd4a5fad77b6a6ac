package org.leakcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.leakcheck.loader.cli.Commands;
import picocli.CommandLine;

/** The loader's command line run in-process by the cli module's tests, which need it to succeed. */
public final class LoaderRun {
    private LoaderRun() {
    }

    /** Runs {@code leakcheck-loader args...}; fails the test with its standard error unless it exits 0. */
    public static void succeeds(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Commands.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(0, cli.execute(args), "loader " + args[0] + " failed: " + err);
    }
}
