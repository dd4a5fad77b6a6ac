package org.leakcheck.loader;

import org.leakcheck.loader.cli.Commands;
import picocli.CommandLine;

/** Entry point of the operator's command-line tool ({@code leakcheck-loader}). */
public final class LoaderCli {
    private LoaderCli() {
    }

    public static void main(String[] args) {
        CommandLine cli = Commands.commandLine();
        int exit = cli.execute(args);
        // picocli's writers do not flush on print: flush before System.exit drops the summary.
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(exit);
    }
}
