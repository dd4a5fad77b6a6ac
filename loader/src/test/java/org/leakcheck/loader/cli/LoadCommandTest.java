package org.leakcheck.loader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.leakcheck.store.WriteOptions;
import picocli.CommandLine;

/** The load command's options take their defaults from the store, not from a copy. Needs nothing. */
class LoadCommandTest {

    @Test
    void parallelWritesDefaultsToTheStoresWriteOptions() {
        CommandLine command = new CommandLine(new LoadCommand());
        CommandLine.Model.OptionSpec option = command.getCommandSpec().findOption("--parallel-writes");
        assertEquals(WriteOptions.defaults().parallelism(), (int) option.getValue());
        assertTrue(command.getUsageMessage().contains("Default: " + WriteOptions.defaults().parallelism() + "."),
                "--help shows the store's default");
    }
}
