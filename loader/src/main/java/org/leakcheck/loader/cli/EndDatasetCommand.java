package org.leakcheck.loader.cli;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code end-dataset}: ends a dataset's communication now. */
@Command(name = "end-dataset", mixinStandardHelpOptions = true,
        description = {
            "Ends a dataset now: rewrites its manifest with servedUntil = now (and the manifest's TTL, expiresAt ="
                + " now + 30 days). /v2/info then shows it as ended, with its notice, and no bucket read serves its"
                + " entries. The bucket items keep their TTL (the original end date + 30 days): DynamoDB deletes them"
                + " then; run delete-dataset to remove them at once. A dataset already ended keeps its end date.",
            "Then invalidate the CDN's cached bucket answers (docs/deploy.md).",
            "",
            "Example:",
            "  leakcheck-loader end-dataset --dataset labs-2021 --table leakcheck-prod"})
final class EndDatasetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "ID", description = "Dataset id to end.")
    String dataset;

    @Mixin
    TableOptions tableOptions;

    /** The clock; tests replace it. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        BucketTable table = tableOptions.open();
        Instant now = clock.instant();
        Optional<DatasetManifest> ended = table.endDataset(dataset, now);
        if (ended.isEmpty()) {
            spec.commandLine().getErr().println("end-dataset: dataset " + dataset + " has no manifest: nothing to end");
            return 2;
        }
        DatasetManifest manifest = ended.get();
        String when = manifest.servedUntil().equals(now) ? "ended now (" + now + ")"
                : "had already ended at " + manifest.servedUntil();
        spec.commandLine().getOut().println("end-dataset: dataset " + dataset + " " + when + "; its manifest expires at "
                + Instant.ofEpochSecond(manifest.expiresAt()) + ", its bucket items at their own expiresAt;"
                + " invalidate the CDN (docs/deploy.md)");
        return 0;
    }
}
