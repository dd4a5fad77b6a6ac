package org.leakcheck.client.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.leakcheck.client.CheckResult;
import org.leakcheck.client.DatasetInfo;
import org.leakcheck.client.LeakcheckClient;
import org.leakcheck.client.LeakcheckException;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;

/**
 * {@code leakcheck check}: one lookup from the command line, exactly as the Java client (and the
 * website) does it. The reference client for API callers.
 *
 * <p>Exit status: {@value #FOUND} found, {@value #NOT_FOUND} not found, {@value #ERROR} error
 * (invalid identity, usage, network, API error). Nothing it prints contains the identity.
 */
@Command(name = "leakcheck check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Checks whether an identity is in a leak served by a leakcheck API. Only a bucket number and "
                + "a blinded element are sent; the answer is computed here.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:found", "1:not found", "2:error (invalid identity or options, network, API)"})
public final class CheckCli implements Callable<Integer> {

    public static final int FOUND = 0;
    public static final int NOT_FOUND = 1;
    public static final int ERROR = 2;

    @Option(names = "--api", required = true, paramLabel = "URL",
            description = "Base URL of the API, e.g. http://localhost:8080 or https://check.example.org")
    URI api;

    @Option(names = "--nir", paramLabel = "NIR", description = "Social security number (spaces allowed)")
    String nir;

    @Option(names = "--last-name", paramLabel = "NAME", description = "Last name (birth or usage name)")
    String lastName;

    @Option(names = "--first-name", paramLabel = "NAME", description = "Usual first name")
    String firstName;

    @Option(names = "--birth-date", paramLabel = "DATE", description = "Birth date, YYYY-MM-DD or DD/MM/YYYY")
    String birthDate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command with {@code args}; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new CheckCli());
        line.setOut(out);
        line.setErr(err);
        line.setExitCodeExceptionMapper(e -> ERROR);
        line.setParameterExceptionHandler((e, a) -> {
            err.println("leakcheck check: " + e.getMessage());
            e.getCommandLine().usage(err);
            return ERROR;
        });
        return line.execute(args);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Identity identity;
        try {
            identity = identity();
        } catch (UsageError e) {
            err.println("leakcheck check: " + e.getMessage());
            return ERROR;
        } catch (InvalidIdentityException e) {
            // The exception names the field and the rule only, never what was typed.
            err.println("leakcheck check: invalid " + option(e.field()) + ": " + ruleText(e));
            return ERROR;
        }
        CheckResult result;
        try {
            result = LeakcheckClient.create(api).check(identity);
        } catch (LeakcheckException | IllegalArgumentException e) {
            err.println("leakcheck check: error: " + e.getMessage());
            return ERROR;
        }
        print(result, out);
        return result.found() ? FOUND : NOT_FOUND;
    }

    private Identity identity() {
        boolean byName = lastName != null || firstName != null || birthDate != null;
        if (nir != null && byName) {
            throw new UsageError("give either --nir, or --last-name, --first-name and --birth-date, not both");
        }
        if (nir != null) {
            return NirIdentity.parse(nir);
        }
        if (lastName == null || firstName == null || birthDate == null) {
            throw new UsageError("give --nir, or all three of --last-name, --first-name and --birth-date");
        }
        return NameDobIdentity.parse(lastName, firstName, birthDate);
    }

    static void print(CheckResult result, PrintWriter out) {
        List<DatasetInfo> checked = result.checked();
        if (!result.found()) {
            out.println("NOT FOUND: this identity is in none of the " + checked.size() + " dataset(s) checked"
                    + (checked.isEmpty() ? " (the service serves no dataset yet)." : ":"));
            checked.forEach(d -> out.println("  - " + d.displayName() + " (" + d.id() + ")"));
            return;
        }
        out.println("FOUND: this identity is in " + result.exposures().size() + " of the " + checked.size()
                + " dataset(s) checked.");
        for (CheckResult.Exposure exposure : result.exposures()) {
            DatasetInfo dataset = exposure.dataset();
            out.println("  - " + dataset.displayName() + " (" + dataset.id() + ")");
            out.println("    exposed: " + ExposureWords.list(exposure.kinds()));
        }
    }

    private static String option(String field) {
        return switch (field) {
            case "nir" -> "--nir";
            case "lastName" -> "--last-name";
            case "firstName" -> "--first-name";
            case "birthDate" -> "--birth-date";
            default -> field;
        };
    }

    /** The exception's message without its leading "field: ". */
    private static String ruleText(InvalidIdentityException e) {
        String message = e.getMessage();
        String prefix = e.field() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }
}
