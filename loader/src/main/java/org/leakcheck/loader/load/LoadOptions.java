package org.leakcheck.loader.load;

import java.nio.file.Path;
import java.time.Instant;
import org.leakcheck.loader.source.ColumnMapping;
import org.leakcheck.loader.source.SourceOptions;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.store.FactorLabel;

/**
 * Everything one load needs, validated on construction. There is no bucket-bits option: the
 * loader chooses {@code B_D} from the number of entries it read ({@code docs/protocol.md} §3).
 * The command line checks the end date against the clock; this record checks what holds
 * whatever the time.
 *
 * @param input       the leaked export (CSV or CSV.gz)
 * @param source      delimiter / encoding (detected unless forced)
 * @param mapping     which columns hold which field; it must map {@code identity.factor} when the
 *                    policy uses a factor (under open, the factor columns are not read)
 * @param datasetId   the dataset's id
 * @param title       human title, shown to visitors
 * @param description human description, shown to visitors
 * @param key         the key material (VOPRF key, key id, padding key)
 * @param threads     worker threads for the OPRF, the content digest and sealing (all cores by default)
 * @param disclosure  what an identity alone reveals ({@code docs/protocol.md} §3.1)
 * @param servedUntil the end of the communication
 * @param notice      the validated notice, compact JSON ({@code NoticeFile})
 * @param factor      the factor's label and hint; null exactly when {@code disclosure} is open
 * @param workDir     the directory of the load's temporary files ({@link #defaultWorkDir}); a rerun
 *                    with the same one resumes
 */
public record LoadOptions(Path input, SourceOptions source, ColumnMapping mapping, String datasetId, String title,
                          String description, KeyMaterial key, int threads, DisclosurePolicy disclosure,
                          Instant servedUntil, String notice, FactorLabel factor, Path workDir) {
    public LoadOptions {
        if (workDir == null) {
            throw new IllegalArgumentException("the work directory is required");
        }
        DatasetIds.require(datasetId);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (disclosure == null) {
            throw new IllegalArgumentException("--disclosure is required: open, membership or gated");
        }
        if (servedUntil == null) {
            throw new IllegalArgumentException("--served-until is required");
        }
        if (notice == null || notice.isBlank()) {
            throw new IllegalArgumentException("--notice is required");
        }
        if (disclosure.usesFactor() && factor == null) {
            throw new IllegalArgumentException("--factor-label: is required with --disclosure " + disclosure.label()
                    + " [factor-label.missing]");
        }
        if (!disclosure.usesFactor() && factor != null) {
            throw new IllegalArgumentException("--factor-label: is only for a policy that uses the factor (membership,"
                    + " gated), not open [factor-label.unused]");
        }
        if (disclosure.usesFactor() && mapping.factor().isEmpty()) {
            throw new IllegalArgumentException("mapping: identity.factor must name the factor column(s) with --disclosure "
                    + disclosure.label() + " (" + mapping.origin() + ") [mapping.no-factor]");
        }
    }

    /** {@code leakcheck-load-DATASET} in the system's temporary directory ({@code java.io.tmpdir}). */
    public static Path defaultWorkDir(String datasetId) {
        return Path.of(System.getProperty("java.io.tmpdir"), "leakcheck-load-" + datasetId);
    }

    /** The mapping the reader uses: without the factor columns under open, which reads none. */
    public ColumnMapping readMapping() {
        return disclosure.usesFactor() ? mapping : mapping.withoutFactor();
    }
}
