package org.leakcheck.loader.load;

import java.nio.file.Path;
import org.leakcheck.loader.source.ColumnMapping;
import org.leakcheck.loader.source.SourceOptions;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.DatasetIds;

/**
 * Everything one load needs, validated on construction. There is no bucket-bits option: the
 * loader chooses {@code B_D} from the number of entries it read ({@code docs/protocol.md} §3).
 *
 * @param input       the leaked export (CSV or CSV.gz)
 * @param source      delimiter / encoding (detected unless forced)
 * @param mapping     which columns hold which field
 * @param datasetId   the dataset's id
 * @param title       human title, shown to visitors
 * @param description human description, shown to visitors
 * @param key         the key material (VOPRF key, key id, padding key)
 * @param threads     worker threads for the OPRF, the content digest and sealing (all cores by default)
 */
public record LoadOptions(Path input, SourceOptions source, ColumnMapping mapping, String datasetId, String title,
                          String description, KeyMaterial key, int threads) {
    public LoadOptions {
        DatasetIds.require(datasetId);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }
}
