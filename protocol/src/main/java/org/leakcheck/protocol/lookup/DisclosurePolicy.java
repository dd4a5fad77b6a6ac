package org.leakcheck.protocol.lookup;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a dataset tells whoever types an identity ({@code docs/protocol.md} §3.1): chosen by the
 * operator at load time, recorded in the manifest and announced by {@code /v2/info}.
 *
 * <ul>
 *   <li>{@link #OPEN}: an identity alone gives membership and that person's kinds of data;</li>
 *   <li>{@link #MEMBERSHIP}: an identity alone gives membership (and the dataset-level description);
 *       the person's kinds need the factor, a second value from their record;</li>
 *   <li>{@link #GATED}: nothing without the factor; identity plus the right factor gives membership
 *       and kinds.</li>
 * </ul>
 */
public enum DisclosurePolicy {
    OPEN("open"),
    MEMBERSHIP("membership"),
    GATED("gated");

    private final String label;

    DisclosurePolicy(String label) {
        this.label = label;
    }

    /** The name on the command line, in manifests and in {@code /v2/info}. */
    public String label() {
        return label;
    }

    /**
     * The policy named {@code label}.
     *
     * @throws IllegalArgumentException naming the allowed labels (never echoing the input)
     */
    public static DisclosurePolicy parse(String label) {
        for (DisclosurePolicy policy : values()) {
            if (policy.label.equals(label)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("disclosure policy must be one of "
                + Arrays.stream(values()).map(DisclosurePolicy::label).collect(Collectors.joining(", ")));
    }

    /** True when a load writes an entry for the identity alone (open, membership). */
    public boolean writesPlainEntries() {
        return this != GATED;
    }

    /** True when the identity-alone entry carries the person's kinds (open only). */
    public boolean plainEntriesCarryKinds() {
        return this == OPEN;
    }

    /** True when a load writes factor-bound entries and the page asks for the factor (membership, gated). */
    public boolean usesFactor() {
        return this != OPEN;
    }
}
