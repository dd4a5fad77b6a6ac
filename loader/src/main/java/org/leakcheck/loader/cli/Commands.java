package org.leakcheck.loader.cli;

import org.leakcheck.loader.generate.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command and its error handling: messages name the rule, stack traces stay out of sight. */
@Command(name = "leakcheck-loader", mixinStandardHelpOptions = true, version = "leakcheck-loader 1.0 (protocol v2)",
        description = {
            "The operator's tool for leakcheck (protocol v2): create the key, generate a synthetic leak for"
                + " tests and demos, load a leaked export into the bucket table, verify it, end it and retire it.",
            "",
            "Typical run (see docs/loader.md and docs/deploy.md):",
            "  leakcheck-loader keygen --out key.json     # key.json and key.pub.json",
            "  leakcheck-loader load --input leak.csv.gz --dataset labs-2021 --key key.json \\",
            "      --table leakcheck-prod --report report.json",
            "  leakcheck-loader verify --dataset labs-2021 --table leakcheck-prod"},
        subcommands = {KeygenCommand.class, GenerateCommand.class, LoadCommand.class, VerifyCommand.class,
            EndDatasetCommand.class, DeleteDatasetCommand.class, CommandLine.HelpCommand.class})
public final class Commands implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** A configured command line: exit code 2 and a one-line message for every error. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Commands());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": " + ErrorMessages.describe(e));
            return 2;
        });
        return cli;
    }
}
