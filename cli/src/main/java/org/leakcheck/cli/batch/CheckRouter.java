package org.leakcheck.cli.batch;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import org.leakcheck.client.cli.CheckCli;

/**
 * {@code leakcheck check ...}: one command for the user. With {@code --batch FILE} it is the
 * organization's batch check ({@link BatchCheckCommand}, in this module because it reads CSV as the
 * loader does); otherwise the Java client's own command ({@link CheckCli}), its options and exit
 * status unchanged. Arguments pass through unparsed, so that each keeps its own help.
 */
@Command(name = "check", description = "Checks identities against a leakcheck API under a pinned public key: one "
        + "person (`leakcheck check --help`), or a members file (`leakcheck check --batch FILE --help`).")
public final class CheckRouter implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String[] given = args.toArray(String[]::new);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (BatchCheckCommand.isBatch(given)) {
            if (args.contains("--help") || args.contains("-h")) {
                return BatchCheckCommand.run(new String[] {"--help"}, out, err);
            }
            return BatchCheckCommand.run(given, out, err);
        }
        return CheckCli.run(given, out, err);
    }
}
