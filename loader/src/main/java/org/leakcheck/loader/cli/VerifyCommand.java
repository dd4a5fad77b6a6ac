package org.leakcheck.loader.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.leakcheck.loader.verify.DatasetVerifier;
import org.leakcheck.loader.verify.KnownAnswers;
import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.store.BucketTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verify}: reads a dataset back and checks it. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Reads a loaded dataset back from the table and checks it against protocol v2: the manifest exists"
                + " and is consistent (protocol version 2, 32-byte entries, bucket bits B_D as the rule gives for"
                + " its entry count, padded size a multiple of 16), and the load it names has exactly 2^B_D bucket"
                + " items, each once, of the padded size and sorted.",
            "It reports the dataset's disclosure policy and end date (servedUntil), checks that the entry kinds"
                + " are those the policy writes and that every bucket item carries its TTL (expiresAt).",
            "With --known-answers (and --key), it also computes each sample identity's OPRF output with the key,"
                + " derives its bucket and fingerprint in the manifest's load, reads that bucket, and checks what"
                + " the policy says: open, present samples are found with their kinds; membership, found as"
                + " members only, and with their kinds given their factor; gated, found with their kinds only given"
                + " their factor. A wrong factor never gives kinds, and absent samples are never found.",
            "Exit code 0 when everything holds, 1 when a check fails, 2 on error.",
            "",
            "Examples:",
            "  leakcheck-loader verify --dataset labs-2021 --table leakcheck-prod",
            "  leakcheck-loader verify --dataset demo --endpoint http://127.0.0.1:4567 \\",
            "      --key key.json --known-answers known-answers.json"})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "ID", description = "Dataset id to check.")
    String dataset;

    @Option(names = "--known-answers", paramLabel = "FILE", description = "Sample identities with their expected answer (from generate).")
    Path knownAnswers;

    @Option(names = "--key", paramLabel = "KEYFILE", description = "The secret key file; required with --known-answers.")
    Path key;

    @Mixin
    TableOptions tableOptions;

    @Override
    public Integer call() throws Exception {
        if (knownAnswers != null && key == null) {
            spec.commandLine().getErr().println("verify: --known-answers needs --key to evaluate the samples");
            return 2;
        }
        BucketTable table = tableOptions.open();
        DatasetVerifier verifier = new DatasetVerifier(table);
        List<String> problems = new ArrayList<>(verifier.verifyItems(dataset));
        int samples = 0;
        if (knownAnswers != null && problems.isEmpty()) {
            KnownAnswers answers = KnownAnswers.read(knownAnswers);
            samples = answers.cases().size();
            problems.addAll(verifier.verifyKnownAnswers(dataset, KeyFiles.readSecret(key), answers));
        }
        String policy = table.manifest(dataset).map(m -> " (" + DatasetVerifier.describe(m, Clock.systemUTC().instant())
                + ")").orElse("");
        if (problems.isEmpty()) {
            spec.commandLine().getOut().println("verify: dataset " + dataset + " is complete and consistent" + policy
                    + (samples > 0 ? "; " + samples + " known answers all correct" : ""));
            return 0;
        }
        if (!policy.isEmpty()) {
            spec.commandLine().getOut().println("verify: dataset " + dataset + policy);
        }
        problems.forEach(p -> spec.commandLine().getOut().println("verify: FAIL " + p));
        return 1;
    }
}
