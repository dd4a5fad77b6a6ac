package org.leakcheck.loader;

import org.leakcheck.loader.cli.Commands;
import picocli.CommandLine;

/** Entry point of the operator's command-line tool ({@code leakcheck-loader}). */
public final class LoaderCli {
    private LoaderCli() {
    }

    public static void main(String[] args) {
        System.exit(Commands.commandLine().execute(args));
    }
}
