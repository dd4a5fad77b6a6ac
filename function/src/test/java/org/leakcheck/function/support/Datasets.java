package org.leakcheck.function.support;

import java.time.Instant;
import java.util.Map;
import java.util.Random;

import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.FactorLabel;

/** Small synthetic datasets for handler tests; the load ids are those of the event fixtures. */
public final class Datasets {

    public static final Instant LOADED_AT = Instant.parse("2026-11-29T20:00:00Z");
    /** The end date of the fixtures' datasets: far enough ahead that the year-long max-age is not capped. */
    public static final Instant SERVED_UNTIL = Instant.parse("2036-01-01T00:00:00Z");
    /** The served load of {@code labs-2021} in the fixtures. */
    public static final String LOAD = "9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f0";
    /** A load of {@code labs-2021} that a reload replaced (fixture {@code bucket-old-load}). */
    public static final String OLD_LOAD = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    /** IDENTITY, NIR and MEDICAL: the dataset-level kinds of the fixtures' datasets. */
    public static final int EXPOSED_MASK = (1 << ExposureKind.IDENTITY.bit()) | (1 << ExposureKind.NIR.bit())
            | (1 << ExposureKind.MEDICAL.bit());
    /** A notice as the loader stores it: compact JSON, the fields in the documented order. */
    public static final String NOTICE = "{\"controller\":\"Laboratoire Exemple SAS, 1 rue de l'Exemple, 75000 Paris\","
            + "\"fr\":{\"whatHappened\":\"Une fuite.\",\"when\":\"Février 2021\",\"consequences\":\"Hameçonnage.\","
            + "\"measures\":\"Plainte déposée.\",\"whatToDo\":\"Soyez vigilant.\"},"
            + "\"en\":{\"whatHappened\":\"A leak.\",\"when\":\"February 2021\",\"consequences\":\"Phishing.\","
            + "\"measures\":\"A complaint was filed.\",\"whatToDo\":\"Be careful.\"},"
            + "\"contact\":{\"name\":\"Cellule fuite\",\"url\":\"https://example.org/fuite\",\"email\":\"fuite@example.org\","
            + "\"phone\":\"+33 1 23 45 67 89\"},"
            + "\"dpo\":{\"name\":\"DPO Exemple\",\"url\":\"https://example.org/dpo\",\"email\":\"dpo@example.org\",\"phone\":\"+33 1 98 76 54 32\"}}";
    /** The factor label of the fixtures' membership and gated datasets. */
    public static final FactorLabel FACTOR = new FactorLabel("Numéro d'adhérent de votre mutuelle",
            "Your mutuelle member number", "Sur votre carte de tiers payant", "On your third-party payment card");

    private Datasets() {
    }

    /** A v2 open manifest of {@code id} under {@code load}, with {@code paddedSize} entries per item and {@code bucketBits}. */
    public static DatasetManifest manifest(String id, String load, int paddedSize, int bucketBits, String keyId) {
        return manifest(id, load, paddedSize, bucketBits, keyId, 2, 32);
    }

    /** An open manifest with any protocol version and entry size, for the servable filter's tests. */
    public static DatasetManifest manifest(String id, String load, int paddedSize, int bucketBits, String keyId,
                                           int protocolVersion, int entrySize) {
        return new DatasetManifest(id, "Title of " + id, "Synthetic dataset for tests", 1000, 900,
                Map.of("nir", 450L, "name-dob", 450L), bucketBits, paddedSize, entrySize, keyId, protocolVersion, load,
                LOADED_AT, DisclosurePolicy.OPEN, EXPOSED_MASK, null, SERVED_UNTIL, NOTICE);
    }

    /** A v2 manifest under {@code policy} (with the fixtures' factor label unless open), ending at {@code servedUntil}. */
    public static DatasetManifest manifest(String id, String load, int bucketBits, String keyId, DisclosurePolicy policy,
                                           Instant servedUntil, String notice) {
        return new DatasetManifest(id, "Title of " + id, "Synthetic dataset for tests", 1000, 900,
                Map.of("nir", 450L, "name-dob", 450L), bucketBits, 16, 32, keyId, 2, load,
                LOADED_AT, policy, EXPOSED_MASK, policy.usesFactor() ? FACTOR : null, servedUntil, notice);
    }

    /** {@code count} pseudorandom 32-byte entries, as padded items look. */
    public static byte[] entries(int count, long seed) {
        byte[] bytes = new byte[count * 32];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
