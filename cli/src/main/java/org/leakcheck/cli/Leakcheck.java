package org.leakcheck.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.leakcheck.cli.batch.CheckRouter;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code leakcheck}: the one command of the local runtime, with the subcommands {@code demo},
 * {@code serve}, {@code check} and {@code loader}. The bash {@code ./leakcheck} only builds this
 * jar when needed and runs it.
 *
 * <p>Signals: SIGINT and SIGTERM both end the JVM through its shutdown hooks, which stop every
 * child (dynalite, the site build) and the server. A JVM started in the background by a
 * non-interactive shell inherits SIGINT as ignored, and the JVM then installs no handler for it;
 * {@code ./leakcheck} therefore resets both signals to their default before it starts Java
 * ({@code env --default-signal}), and {@link #main} asks for them again explicitly.
 */
@Command(name = "leakcheck", mixinStandardHelpOptions = true, usageHelpWidth = 110, version = "leakcheck 1.0 (protocol v2)",
        description = {"Run the whole service on this machine, check identities, run the loader.", "",
            "  leakcheck demo [--patients N] [--port P] [--data-dir DIR]   load a synthetic leak and serve it",
            "  leakcheck check --api URL --public-key FILE --nir -         check an identity (value read from stdin)",
            "  leakcheck check --batch members.csv --out results.csv ...   check an organization's members (--batch --help)",
            "  leakcheck serve --endpoint URL --table NAME --key FILE      API + site on 127.0.0.1",
            "  leakcheck loader COMMAND ...                                the operator's loader (keygen, load, ...)"},
        subcommands = {DemoCommand.class, ServeCommand.class, CheckRouter.class, LoaderCommand.class,
            CommandLine.HelpCommand.class})
public final class Leakcheck implements Runnable {

    /** Exit status of a usage or runtime error, as the loader and check use. */
    static final int ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        boolean interruptIgnored = handleStopSignals();
        if (interruptIgnored && args.length > 0 && (args[0].equals("demo") || args[0].equals("serve"))) {
            System.err.println("leakcheck: SIGINT is ignored in this process (a shell started it in the background): "
                    + "stop it with SIGTERM, or start it through ./leakcheck, which gives SIGINT back");
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** The configured command line: one-line messages, exit status 2 on every error. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new Leakcheck());
        line.setOut(out);
        line.setErr(err);
        line.setParameterExceptionHandler((e, a) -> {
            err.println(e.getCommandLine().getCommandName() + ": " + e.getMessage());
            e.getCommandLine().usage(err);
            return ERROR;
        });
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println(commandLine.getCommandName() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
            return ERROR;
        });
        return line;
    }

    /** Blocks until the JVM stops (SIGINT, SIGTERM): the shutdown hooks do the stopping. */
    static void awaitStop() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    /**
     * Exits (running the shutdown hooks) on SIGINT and SIGTERM. Returns true when SIGINT was
     * ignored on entry: the JVM then refuses to handle it, and says so only by returning SIG_IGN.
     */
    private static boolean handleStopSignals() {
        boolean interruptIgnored = false;
        for (String name : new String[] {"INT", "TERM"}) {
            int status = name.equals("INT") ? 130 : 143;
            try {
                SignalHandler previous = Signal.handle(new Signal(name),
                        signal -> new Thread(() -> System.exit(status), "leakcheck-stop").start());
                interruptIgnored |= name.equals("INT") && previous == SignalHandler.SIG_IGN;
            } catch (IllegalArgumentException unavailable) {
                // -Xrs, or a platform without the signal: the JVM's defaults apply.
            }
        }
        return interruptIgnored;
    }
}
