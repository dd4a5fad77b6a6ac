package org.leakcheck.loader.cli;

import java.util.concurrent.Callable;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.Progress;
import org.leakcheck.store.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code delete-dataset}: retires a dataset. */
@Command(name = "delete-dataset", mixinStandardHelpOptions = true,
        description = {
            "Removes a dataset: its manifest first, so it stops being served at once, then the bucket items of "
                + "every load of it (including those of an interrupted load). Safe to run again if interrupted. "
                + "Other datasets in the table are untouched.",
            "",
            "Example:",
            "  leakcheck-loader delete-dataset --dataset labs-2021 --table leakcheck-prod"})
final class DeleteDatasetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "ID", description = "Dataset id to remove.")
    String dataset;

    @Mixin
    TableOptions tableOptions;

    @Override
    public Integer call() {
        BucketTable table = tableOptions.open();
        long deleted = table.deleteDataset(dataset, WriteOptions.defaults(), Progress.NONE);
        spec.commandLine().getOut().println("delete-dataset: removed dataset " + dataset + " (" + deleted + " items)");
        return 0;
    }
}
