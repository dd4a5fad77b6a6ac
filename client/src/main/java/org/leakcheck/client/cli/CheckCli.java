package org.leakcheck.client.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.leakcheck.client.CheckResult;
import org.leakcheck.client.DatasetInfo;
import org.leakcheck.client.EndedDataset;
import org.leakcheck.client.KeyMismatchException;
import org.leakcheck.client.LeakcheckClient;
import org.leakcheck.client.LeakcheckException;
import org.leakcheck.client.Notice;
import org.leakcheck.protocol.identity.Factor;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.IdentityKind;
import org.leakcheck.protocol.identity.InvalidIdentityException;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.keys.PinnedKey;

/**
 * {@code leakcheck check}: one submission from the command line, exactly as the Java client (and
 * the website) makes it: a NIR, a name with birth date, or both at once, against a service whose
 * public key is pinned. The reference client for API callers.
 *
 * <p>A registered caller of the API Gateway URL itself gives its API key in the environment
 * variable {@value #API_KEY_VARIABLE} (never on the command line, where other users of the machine
 * could read it).
 *
 * <p>With {@code --factor} (a second value from the person's record, asked for by datasets under
 * the {@code membership} and {@code gated} policies), each identity is also looked up bound to it.
 * Per dataset the answer is then: found, with the kinds of data exposed; found, but the details
 * need the factor (none given) or the right factor (the one given is not the person's); or not
 * found (a {@code gated} dataset without the right factor lands here). Every "found" prints the
 * dataset's contact point from its notice. Datasets listed as ended are named, never searched.
 *
 * <p>Exit status: {@value #FOUND} when an identity was found, {@value #NOT_FOUND} when none was,
 * {@value #ERROR} on any error (invalid identity or factor, usage, a service key that is not the
 * pinned one, network, API). Nothing it prints contains an identity or the factor.
 */
@Command(name = "leakcheck check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks whether identities are in a leak served by a leakcheck API (protocol v2). Only blinded "
                + "elements and bucket numbers are sent, the same count whatever is asked; the answer is computed "
                + "here, under the pinned public key.", "",
            "Give an identity's values as - : each is then typed without echo (or read, one line each, from "
                + "standard input), so that it shows neither in ps nor in the shell history:",
            "  leakcheck check --api URL --public-key key.pub.json --nir -",
            "  leakcheck check --api URL --public-key key.pub.json \\",
            "      --last-name - --first-name - --birth-date -",
            "  leakcheck check --api URL --public-key key.pub.json --nir - <nir.txt",
            "  leakcheck check --api URL --public-key key.pub.json --nir - --factor -", "",
            "Per dataset: found, with the kinds of data exposed; found, the details need the factor (give "
                + "--factor) or the right factor; or not found. Every \"found\" shows whom to contact. Datasets "
                + "that have ended are listed, not searched.", "",
            "An organization checking its members' file: leakcheck check --batch FILE ... (see "
                + "leakcheck check --batch FILE --help, and docs/batch.md).", ""},
        footerHeading = "%nEnvironment:%n",
        footer = "  LEAKCHECK_API_KEY   a registered caller's API key, sent as x-api-key (for the API Gateway URL itself)",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:found (at least one identity, in at least one dataset, with or without its details)",
                "1:not found (none)",
                "2:error (invalid identity, factor or options, the service's key is not the expected one, network, API)"})
public final class CheckCli implements Callable<Integer> {

    public static final int FOUND = 0;
    public static final int NOT_FOUND = 1;
    public static final int ERROR = 2;
    /** The environment variable holding a registered caller's API key, if any. */
    public static final String API_KEY_VARIABLE = "LEAKCHECK_API_KEY";

    @Option(names = "--api", required = true, paramLabel = "URL",
            description = "Base URL of the API, e.g. http://localhost:8080 or https://check.example.org")
    URI api;

    @Option(names = "--public-key", required = true, paramLabel = "FILE",
            description = "The deployment's public-key file (key.pub.json, from `leakcheck loader keygen`). "
                    + "The service must answer under this key, with a valid proof, or the check is an error.")
    Path publicKey;

    @Option(names = "--nir", paramLabel = "-|NIR",
            description = "Social security number (spaces allowed); - to type it or read it from standard input")
    String nir;

    @Option(names = "--last-name", paramLabel = "-|NAME",
            description = "Last name (birth or usage name); - to type it or read it from standard input")
    String lastName;

    @Option(names = "--first-name", paramLabel = "-|NAME",
            description = "Usual first name; - to type it or read it from standard input")
    String firstName;

    @Option(names = "--birth-date", paramLabel = "-|DATE",
            description = "Birth date, YYYY-MM-DD or DD/MM/YYYY; - to type it or read it from standard input")
    String birthDate;

    @Option(names = "--factor", paramLabel = "-|VALUE",
            description = "The factor a dataset asks for (e.g. a mutuelle member number, as printed: spaces, dots, "
                    + "slashes and dashes are ignored); each identity is also checked bound to it. - to type it "
                    + "or read it from standard input, after the identity's values")
    String factor;

    /** The value given as {@value #FROM_STDIN} is read, not taken from the command line. */
    public static final String FROM_STDIN = "-";

    /** Where the values given as {@value #FROM_STDIN} come from. */
    @FunctionalInterface
    public interface Input {
        /** The next value, after showing {@code prompt} if it is read from a terminal; null at the end of input. */
        String read(String prompt) throws IOException;
    }

    private final Input input;

    public CheckCli() {
        this(standardInput());
    }

    /** A command whose {@value #FROM_STDIN} values come from {@code input}. */
    public CheckCli(Input input) {
        this.input = input;
    }

    /**
     * Standard input: on a terminal, a prompt without echo ({@link Console#readPassword}); otherwise
     * one line per value.
     */
    public static Input standardInput() {
        Console console = System.console();
        if (console != null) {
            return prompt -> {
                char[] typed = console.readPassword("%s", prompt);
                return typed == null ? null : new String(typed);
            };
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return prompt -> lines.readLine();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command with {@code args}; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, standardInput(), out, err);
    }

    /** Runs the command with {@code args}, its {@value #FROM_STDIN} values read from {@code input}; returns the exit status. */
    public static int run(String[] args, Input input, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new CheckCli(input));
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
        List<Identity> identities;
        Optional<String> canonicalFactor;
        try {
            readValues();
            identities = identities();
            canonicalFactor = factor == null ? Optional.empty() : Optional.of(Factor.canonical(factor));
        } catch (UsageError e) {
            err.println("leakcheck check: " + e.getMessage());
            return ERROR;
        } catch (InvalidIdentityException e) {
            // The exception names the field and the rule only, never what was typed.
            err.println("leakcheck check: invalid " + option(e.field()) + ": " + ruleText(e));
            return ERROR;
        }
        PinnedKey key;
        try {
            key = PinnedKey.parse(Files.readString(publicKey, StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("leakcheck check: --public-key " + publicKey + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            return ERROR;
        } catch (IllegalArgumentException e) {
            err.println("leakcheck check: --public-key " + publicKey + " is not a public-key file: " + e.getMessage());
            return ERROR;
        }
        List<CheckResult> results;
        try {
            LeakcheckClient.Builder client = LeakcheckClient.builder(api).pinnedKey(key);
            String apiKey = System.getenv(API_KEY_VARIABLE);
            if (apiKey != null && !apiKey.isBlank()) {
                client.apiKey(apiKey.trim());
            }
            results = client.build().check(identities, canonicalFactor);
        } catch (KeyMismatchException e) {
            err.println("leakcheck check: error: " + e.getMessage() + " (expected the key of " + publicKey
                    + ", key id " + key.keyId() + "); no verdict can be trusted, so none is given");
            return ERROR;
        } catch (LeakcheckException | IllegalArgumentException e) {
            err.println("leakcheck check: error: " + e.getMessage());
            return ERROR;
        }
        results.forEach(result -> print(result, out));
        return results.stream().anyMatch(CheckResult::found) ? FOUND : NOT_FOUND;
    }

    /** Replaces each {@value #FROM_STDIN} value by the next one read, in the order of the options. */
    private void readValues() {
        nir = read(nir, "--nir", "NIR: ");
        lastName = read(lastName, "--last-name", "Last name: ");
        firstName = read(firstName, "--first-name", "First name: ");
        birthDate = read(birthDate, "--birth-date", "Birth date (YYYY-MM-DD or DD/MM/YYYY): ");
        factor = read(factor, "--factor", "Factor (as printed, e.g. your mutuelle member number): ");
    }

    private String read(String value, String option, String prompt) {
        if (!FROM_STDIN.equals(value)) {
            return value;
        }
        String read;
        try {
            read = input.read(prompt);
        } catch (IOException e) {
            throw new UsageError(option + " -: cannot read standard input (" + e.getClass().getSimpleName() + ")");
        }
        if (read == null) {
            throw new UsageError(option + " -: standard input ended before a value");
        }
        return read.strip();
    }

    /** The identities in a fixed order, NIR first: the order of the output. */
    private List<Identity> identities() {
        boolean anyName = lastName != null || firstName != null || birthDate != null;
        boolean allName = lastName != null && firstName != null && birthDate != null;
        if (anyName && !allName) {
            throw new UsageError("a name check needs all three of --last-name, --first-name and --birth-date");
        }
        if (nir == null && !anyName) {
            throw new UsageError("give --nir, or --last-name, --first-name and --birth-date, or both");
        }
        List<Identity> identities = new ArrayList<>(2);
        if (nir != null) {
            identities.add(NirIdentity.parse(nir));
        }
        if (allName) {
            identities.add(NameDobIdentity.parse(lastName, firstName, birthDate));
        }
        return identities;
    }

    static void print(CheckResult result, PrintWriter out) {
        List<DatasetInfo> checked = result.checked();
        String what = words(result.kind());
        if (!result.found()) {
            out.println("NOT FOUND: the " + what + " is in none of the " + checked.size() + " dataset(s) checked"
                    + (checked.isEmpty() ? " (the service serves no dataset)." : ":"));
            checked.forEach(d -> out.println("  - " + name(d.displayName(), d.id())
                    + (d.disclosure().usesFactor() && !result.factorGiven() ? notFoundWithoutFactor(d) : "")));
            printEnded(result, out);
            return;
        }
        out.println("FOUND: the " + what + " is in " + result.exposures().size() + " of the " + checked.size()
                + " dataset(s) checked:");
        for (CheckResult.Exposure exposure : result.exposures()) {
            DatasetInfo dataset = exposure.dataset();
            out.println("  - " + name(dataset.displayName(), dataset.id()));
            switch (exposure.access()) {
                case KINDS -> out.println("    exposed: " + ExposureWords.list(exposure.kinds()));
                case FACTOR_NEEDED -> {
                    out.println("    found; enter the factor to see which of your data were exposed (--factor -)");
                    printFactor(dataset, out);
                }
                case FACTOR_WRONG -> {
                    out.println("    found; the details need the right factor (the one given is not this person's "
                            + "in this dataset)");
                    printFactor(dataset, out);
                }
            }
            out.println("    contact: " + dataset.notice().contact().line());
            out.println("    data protection officer: " + dataset.notice().dpo().line());
        }
        printEnded(result, out);
    }

    /** Under gated, an identity alone is never found: say what would be needed. */
    private static String notFoundWithoutFactor(DatasetInfo dataset) {
        return dataset.disclosure() == org.leakcheck.protocol.lookup.DisclosurePolicy.GATED
                ? " (this dataset answers only with the factor: --factor -)" : "";
    }

    /** The factor's label and hint, then what the leak contained (all a membership match tells). */
    private static void printFactor(DatasetInfo dataset, PrintWriter out) {
        dataset.factor().ifPresent(f -> out.println("    the factor: " + Notice.printable(f.labelEn()) + " ("
                + Notice.printable(f.hintEn()) + ")"));
        out.println("    the leak contained: " + ExposureWords.list(dataset.exposedKinds()));
    }

    private static void printEnded(CheckResult result, PrintWriter out) {
        for (EndedDataset ended : result.ended()) {
            out.println("  ended, not searched: " + name(ended.displayName(), ended.id()) + ", served until "
                    + ended.servedUntil() + "; contact: " + ended.notice().contact().line());
        }
    }

    /** A title from the service, printable, and the dataset id (a checked form). */
    private static String name(String title, String id) {
        return Notice.printable(title) + " (" + id + ")";
    }

    private static String words(IdentityKind kind) {
        return switch (kind) {
            case NIR, NIR_FACTOR -> "NIR";
            case NAME_DOB, NAME_DOB_FACTOR -> "name with birth date";
        };
    }

    private static String option(String field) {
        return switch (field) {
            case "nir" -> "--nir";
            case "lastName" -> "--last-name";
            case "firstName" -> "--first-name";
            case "birthDate" -> "--birth-date";
            case "factor" -> "--factor";
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
