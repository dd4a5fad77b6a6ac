package org.leakcheck.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.leakcheck.loader.cli.Commands;

/** {@code leakcheck loader COMMAND ...}: the loader's own picocli commands ({@link Commands}), unchanged. */
@Command(name = "loader", description = "The operator's loader: keygen, generate, load, verify, delete-dataset "
        + "(`leakcheck loader --help`).")
final class LoaderCommand extends PassThroughCommand {

    @Override
    int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine loader = Commands.commandLine();
        int status = loader.execute(args);
        loader.getOut().flush();
        loader.getErr().flush();
        return status;
    }
}
