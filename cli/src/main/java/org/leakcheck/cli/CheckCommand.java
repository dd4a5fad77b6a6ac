package org.leakcheck.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;

import org.leakcheck.client.cli.CheckCli;

/** {@code leakcheck check ...}: the Java client's own command ({@link CheckCli}), its options and exit status unchanged. */
@Command(name = "check", description = "Checks identities against a leakcheck API under a pinned public key "
        + "(`leakcheck check --help` for its options; give a value as - to type or pipe it in).")
final class CheckCommand extends PassThroughCommand {

    @Override
    int run(String[] args, PrintWriter out, PrintWriter err) {
        return CheckCli.run(args, out, err);
    }
}
