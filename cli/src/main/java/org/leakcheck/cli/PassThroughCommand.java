package org.leakcheck.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Unmatched;

/**
 * A subcommand that hands its arguments, unparsed, to a command line of its own (the client's
 * {@code check}, the loader's commands), so that their options, help and exit status stay theirs.
 */
abstract class PassThroughCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the delegate with {@code args} and returns its exit status. */
    abstract int run(String[] args, PrintWriter out, PrintWriter err);

    @Override
    public final Integer call() {
        return run(args.toArray(String[]::new), spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
