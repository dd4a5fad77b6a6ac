package org.leakcheck.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.leakcheck.protocol.identity.FactorIdentity;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.lookup.BatchSizes;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.protocol.lookup.LoadIds;
import org.leakcheck.protocol.lookup.Details;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.EntryKeys;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.PaddingFiller;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.oprf.BatchEvaluation;
import org.leakcheck.protocol.oprf.Blinded;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * The project test vectors ({@code vectors/leakcheck-v2.json}): twenty synthetic persons taken
 * through the whole protocol v2 under a fixed test key, as plain identities and, for the eleven who
 * have a factor, as factor-bound identities; three datasets with different bucket bits, one per
 * disclosure policy ({@code docs/protocol.md} §3.1), so that scope-{@code KINDS} and
 * membership-only (scope 0x01) entries both appear; and the Q = 4 batches the page sends, with
 * their blinds, proof nonces and proofs. {@link #compute} derives every value from the inputs;
 * {@code ProjectVectorsTest} checks the committed file against it, and the website's JavaScript
 * replays the same file. {@link #main} writes the file: rerun it only for a protocol change.
 */
public final class ProjectVectors {
    static final Path FILE = Path.of("..", "vectors", "leakcheck-v2.json");
    /** Q, the page's batch size. */
    static final int Q = BatchSizes.PAGE;
    private static final HexFormat HEX = HexFormat.of();
    /** The seed of the fixed test key. */
    private static final byte[] SEED = HEX.parseHex("5a".repeat(32));
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    /** The first byte of the dummies: dummy n is 32 bytes of {@code DUMMY_BASE + n}, as a client would draw them at random. */
    private static final int DUMMY_BASE = 0xd0;

    /**
     * A dataset of the vectors: its id, bucket bits, which persons it holds (every one, every
     * other one…), how its masks differ from the persons' own, and its disclosure policy.
     */
    record Dataset(String id, int bucketBits, int step, int maskShift, DisclosurePolicy disclosure) {
    }

    static final List<Dataset> DATASETS = List.of(
            new Dataset("vectors-2021", 3, 1, 0, DisclosurePolicy.MEMBERSHIP),
            new Dataset("vectors-2024", 11, 2, 1, DisclosurePolicy.OPEN),
            new Dataset("vectors-2025", 0, 3, 2, DisclosurePolicy.GATED));

    private ProjectVectors() {
    }

    /** Synthetic persons: raw as a person would type them, dirt included; eleven have a factor, typed with dirt too. */
    static List<Input> inputs() {
        List<Input> in = new ArrayList<>();
        in.add(Input.nir("1 85 05 78 006 048 30", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.NIR, ExposureKind.MEDICAL)).with("MU-0042 7781"));
        in.add(Input.nir("2.92.01.75.112.233.72", EnumSet.allOf(ExposureKind.class)).with("0012345678"));
        in.add(Input.nir("169-02-99-123-456-64", EnumSet.of(ExposureKind.NIR)));
        in.add(Input.nir("185052a00401270", EnumSet.of(ExposureKind.NIR, ExposureKind.INSURER, ExposureKind.BLOOD_GROUP)).with("ab/12.34"));
        in.add(Input.nir("2 97 07 2B 123 001 06", EnumSet.of(ExposureKind.NIR, ExposureKind.PHONE, ExposureKind.EMAIL)));
        in.add(Input.nir("8 96 06 99 123 045 30", EnumSet.of(ExposureKind.NIR, ExposureKind.ADDRESS)).with("7 700 123 456"));
        in.add(Input.nir("2010131052117 69", EnumSet.of(ExposureKind.NIR, ExposureKind.DOCTOR, ExposureKind.COMMENTS)));
        in.add(Input.nameDob("Lefèvre", "Hélène", "1985-05-12", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.MEDICAL)).with("LAB\u20132021\u20130042"));
        in.add(Input.nameDob("d'Artagnan", "Charles", "23/11/1961", EnumSet.of(ExposureKind.IDENTITY)).with("00 77 31"));
        in.add(Input.nameDob("DE LA FONTAINE", "Jean-Pierre", "1950-01-31", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.ADDRESS)));
        in.add(Input.nameDob("Le Gall", "Marie, Claire", "07/03/1992", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.PHONE)).with("mg 4401 9921"));
        in.add(Input.nameDob("Lœuillet", "Zoé", "2000-02-29", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.EMAIL)));
        in.add(Input.nameDob("Müller", "Jürgen", "1970-10-10", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.INSURER)).with("123456789012345678901234567890ab"));
        in.add(Input.nameDob("N’Diaye", "Aïssatou", "15/08/1988", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.BLOOD_GROUP)));
        in.add(Input.nameDob("  da   silva ", "  joão ", "1999-12-31", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.MEDICAL)));
        in.add(Input.nameDob("Weiß", "Renée", "1934-06-01", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.DOCTOR)).with("\u00a0W-77\u00a0"));
        in.add(Input.nameDob("Nuñez", "José-María", "1980-02-29", EnumSet.allOf(ExposureKind.class)).with("9.87.65"));
        in.add(Input.nameDob("O'Brien", "Seán", "2012-12-12", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.COMMENTS)));
        in.add(Input.nameDob("Ñúñez-Lefèvre", "Anne Sophie", "1945-05-08", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.NIR)));
        in.add(Input.nameDob("Kowalski", "Łukasz", "01/01/2001", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.ADDRESS, ExposureKind.PHONE)).with("k0w-001"));
        return in;
    }

    /**
     * One identity of the vectors: a person's plain identity, or the same person bound to their
     * factor. Plain identities come first, in the order of {@link #inputs()} (vector i is person i),
     * then the factor-bound ones in the same order.
     */
    record Vector(int person, Input input, boolean factorBound) {
        Identity identity() {
            Identity plain = input.identity();
            return factorBound ? FactorIdentity.parse(plain, input.factor()) : plain;
        }
    }

    static List<Vector> vectors() {
        List<Input> inputs = inputs();
        List<Vector> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            out.add(new Vector(i, inputs.get(i), false));
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).factor() != null) {
                out.add(new Vector(i, inputs.get(i), true));
            }
        }
        return out;
    }

    /**
     * The details of {@code vector}'s entry in {@code dataset}, or null when the dataset holds no
     * entry for it: the table of {@code docs/protocol.md} §3.1.
     */
    static Details details(Vector vector, Dataset dataset) {
        if (vector.person() % dataset.step() != 0) {
            return null;
        }
        EnumSet<ExposureKind> kinds = exposed(vector.input(), dataset);
        DisclosurePolicy policy = dataset.disclosure();
        if (vector.factorBound()) {
            return policy.usesFactor() ? Details.of(kinds, dataset.id()) : null;
        }
        if (!policy.writesPlainEntries()) {
            return null;
        }
        return policy.plainEntriesCarryKinds() ? Details.of(kinds, dataset.id()) : Details.membership(dataset.id());
    }

    /** The fixed test key: seed = 32 × 0x5a, derived like any production key. Never a production key. */
    static KeyMaterial key() {
        return KeyMaterial.fromSeed(SEED);
    }

    /** A deterministic scalar: SHA-256(label || i) mod n, for the test blinds and proof nonces. */
    static byte[] scalarFor(String label, int i) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((label + i).getBytes(StandardCharsets.US_ASCII));
            BigInteger r = new BigInteger(1, h).mod(P256_ORDER);
            byte[] raw = r.toByteArray();
            byte[] out = new byte[32];
            int copy = Math.min(32, raw.length);
            System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
            return out;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The exposure mask of vector {@code i} in {@code dataset}: the second dataset exposes other kinds. */
    static EnumSet<ExposureKind> exposed(Input input, Dataset dataset) {
        int mask = ExposureKind.toMask(input.exposed());
        int rotated = ((mask << dataset.maskShift()) | (mask >>> (ExposureKind.values().length - dataset.maskShift())))
                & ((1 << ExposureKind.values().length) - 1);
        return ExposureKind.fromMask(rotated);
    }

    /** Computes the whole vector file from {@link #inputs()}. */
    static ObjectNode compute(ObjectMapper json) {
        KeyMaterial key = key();
        List<Vector> vectors = vectors();
        ObjectNode root = json.createObjectNode();
        root.put("description", "leakcheck protocol v2 test vectors: synthetic identities, plain and bound to a factor, "
                + "through canonicalization, RFC 9497 P256-SHA256 VOPRF (mode 1) in batches of Q = 4 under a fixed test key, "
                + "then per dataset (one per disclosure policy) and load: bucket, fingerprint, sealed details with their "
                + "scope, and entry. All byte strings are lower-case hex. Generated by ProjectVectors (protocol module tests).");
        root.put("protocolVersion", Labels.PROTOCOL_VERSION);
        root.put("suite", Oprf.SUITE);
        root.put("mode", "VOPRF");
        root.put("q", Q);
        ObjectNode k = root.putObject("key");
        k.put("seed", HEX.formatHex(SEED));
        k.put("info", Labels.KEY_INFO);
        k.put("skS", HEX.formatHex(key.key().serialize()));
        k.put("pkS", HEX.formatHex(key.key().publicKey()));
        k.put("keyId", key.keyId());
        k.put("paddingKey", HEX.formatHex(key.paddingKey()));

        List<DatasetLoad> loads = new ArrayList<>();
        ArrayNode datasets = root.putArray("datasets");
        for (Dataset dataset : DATASETS) {
            LoadIds.Digest digest = new LoadIds.Digest();
            ArrayNode members = json.createArrayNode();
            for (int i = 0; i < vectors.size(); i++) {
                Details details = details(vectors.get(i), dataset);
                if (details != null) {
                    digest.add(vectors.get(i).identity().canonicalBytes(), details.mask(), details.membershipOnly());
                    members.add(i);
                }
            }
            DatasetLoad load = new DatasetLoad(dataset.id(), LoadIds.derive(key.paddingKey(), dataset.id(), dataset.bucketBits(), digest), dataset.bucketBits());
            loads.add(load);
            ObjectNode d = datasets.addObject();
            d.put("id", dataset.id());
            d.put("disclosure", dataset.disclosure().label());
            d.put("bucketBits", dataset.bucketBits());
            d.put("datasetTag", String.format("%08x", EntryKeys.datasetTag(dataset.id())));
            d.set("vectors", members);
            d.put("contentDigest", HEX.formatHex(digest.value()));
            d.put("load", load.loadIdHex());
        }

        ArrayNode out = root.putArray("vectors");
        for (Vector vector : vectors) {
            out.add(vector(json, key, vector, loads));
        }
        ArrayNode batches = root.putArray("batches");
        int[] dummies = {0};
        for (List<Object> members : batchMembers(vectors)) {
            List<byte[]> batchInputs = new ArrayList<>();
            ArrayNode memberNodes = json.createArrayNode();
            List<byte[]> used = new ArrayList<>();
            for (Object m : members) {
                if (m instanceof Integer i) {
                    batchInputs.add(vectors.get(i).identity().canonicalBytes());
                    memberNodes.add(i);
                } else {
                    byte[] dummy = new byte[32];
                    java.util.Arrays.fill(dummy, (byte) (DUMMY_BASE + dummies[0]++));
                    batchInputs.add(dummy);
                    used.add(dummy);
                    memberNodes.add("dummy");
                }
            }
            ObjectNode batch = batch(json, key, batches.size(), memberNodes, batchInputs);
            if (!used.isEmpty()) {
                batch.set("dummyInputs", hexArray(json, used));
            }
            batches.add(batch);
        }
        root.set("bucketItem", bucketItemExample(json, key, vectors.get(0), loads.get(0)));
        return root;
    }

    /**
     * The batches, as the page would send them (§7.1): a NIR and a name with birth date, each alone
     * and bound to its factor; then the plain identities of the persons without a factor (a NIR and
     * a name with birth date typed, no factor), dummies in the factor slots; then one NIR alone (no factor typed,
     * no name), with three dummies. Every vector appears in at least one batch.
     */
    static List<List<Object>> batchMembers(List<Vector> vectors) {
        List<Integer> nirBound = new ArrayList<>();
        List<Integer> nameBound = new ArrayList<>();
        List<Integer> nirAlone = new ArrayList<>();
        List<Integer> nameAlone = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            Vector v = vectors.get(i);
            if (v.factorBound()) {
                (v.input().nir() != null ? nirBound : nameBound).add(i);
            } else if (v.input().factor() == null) {
                (v.input().nir() != null ? nirAlone : nameAlone).add(i);
            }
        }
        List<List<Object>> out = new ArrayList<>();
        List<Integer> nirs = new ArrayList<>(nirBound);
        List<Integer> names = new ArrayList<>(nameBound);
        while (!nirs.isEmpty() || !names.isEmpty()) {
            List<Object> batch = new ArrayList<>();
            addPair(batch, nirs.isEmpty() ? null : nirs.remove(0), vectors);
            addPair(batch, names.isEmpty() ? null : names.remove(0), vectors);
            out.add(batch);
        }
        while (!nirAlone.isEmpty() || !nameAlone.isEmpty()) {
            List<Object> batch = new ArrayList<>();
            batch.add(nirAlone.isEmpty() ? "dummy" : nirAlone.remove(0));
            batch.add("dummy");
            batch.add(nameAlone.isEmpty() ? "dummy" : nameAlone.remove(0));
            batch.add("dummy");
            out.add(batch);
        }
        out.add(List.of(0, "dummy", "dummy", "dummy"));
        return out;
    }

    /** A factor-bound vector and its plain vector (vector {@code person}), or two dummies. */
    private static void addPair(List<Object> batch, Integer bound, List<Vector> vectors) {
        if (bound == null) {
            batch.add("dummy");
            batch.add("dummy");
        } else {
            batch.add(vectors.get(bound).person());
            batch.add(bound);
        }
    }

    private static ObjectNode vector(ObjectMapper json, KeyMaterial key, Vector vector, List<DatasetLoad> loads) {
        Identity identity = vector.identity();
        byte[] canonical = identity.canonicalBytes();
        byte[] output = Oprf.VERIFIABLE.evaluate(key.key(), canonical);
        ObjectNode v = json.createObjectNode();
        v.put("kind", identity.kind().label());
        v.put("person", vector.person());
        v.set("input", vector.input().raw(json, vector.factorBound()));
        v.set("identity", canonicalFields(json, identity));
        v.put("canonical", HEX.formatHex(canonical));
        v.put("output", HEX.formatHex(output));
        ArrayNode in = v.putArray("datasets");
        for (int d = 0; d < DATASETS.size(); d++) {
            Dataset dataset = DATASETS.get(d);
            Details details = details(vector, dataset);
            if (details == null) {
                continue;
            }
            EntryKeys keys = EntryKeys.derive(output, loads.get(d));
            ObjectNode e = in.addObject();
            e.put("id", dataset.id());
            e.put("bucket", keys.bucket());
            e.put("fingerprint", HEX.formatHex(keys.fingerprint()));
            ArrayNode exposure = e.putArray("exposure");
            details.kinds().forEach(kind -> exposure.add(kind.name()));
            e.put("exposureMask", details.mask());
            e.put("scope", details.scope());
            e.put("details", HEX.formatHex(details.encode()));
            e.put("entry", HEX.formatHex(Entry.seal(keys, details)));
        }
        return v;
    }

    /** One batch as the page sends it: the blinds, the request, the answer with its proof under the fixed nonce. */
    private static ObjectNode batch(ObjectMapper json, KeyMaterial key, int b, ArrayNode members, List<byte[]> inputs) {
        List<byte[]> blinds = new ArrayList<>();
        List<Blinded> blinded = new ArrayList<>();
        for (int j = 0; j < inputs.size(); j++) {
            byte[] blind = scalarFor("leakcheck-v2/test-blind", b * Q + j);
            blinds.add(blind);
            blinded.add(Oprf.VERIFIABLE.blind(inputs.get(j), ScalarSource.fixed(blind)));
        }
        byte[] nonce = scalarFor("leakcheck-v2/test-proof-nonce", b);
        BatchEvaluation answer = Oprf.VERIFIABLE.blindEvaluateBatch(key.key(),
                blinded.stream().map(Blinded::blindedElement).toList(), ScalarSource.fixed(nonce));
        List<byte[]> outputs = Oprf.VERIFIABLE.finalizeBatch(inputs, blinded, answer.evaluatedElements(), answer.proof(),
                key.key().publicKey());
        ObjectNode node = json.createObjectNode();
        node.set("vectors", members);
        node.set("blinds", hexArray(json, blinds));
        node.set("blindedElements", hexArray(json, blinded.stream().map(Blinded::blindedElement).toList()));
        node.set("evaluatedElements", hexArray(json, answer.evaluatedElements()));
        node.put("proofNonce", HEX.formatHex(nonce));
        node.put("proof", HEX.formatHex(answer.proof()));
        node.set("outputs", hexArray(json, outputs));
        return node;
    }

    private static ArrayNode hexArray(ObjectMapper json, List<byte[]> values) {
        ArrayNode array = json.createArrayNode();
        values.forEach(value -> array.add(HEX.formatHex(value)));
        return array;
    }

    /** One padded, sorted bucket item holding the first vector's entry (membership-only) and filler, to pin the item layout. */
    private static ObjectNode bucketItemExample(ObjectMapper json, KeyMaterial key, Vector vector, DatasetLoad load) {
        byte[] output = Oprf.VERIFIABLE.evaluate(key.key(), vector.identity().canonicalBytes());
        EntryKeys keys = EntryKeys.derive(output, load);
        byte[] entry = Entry.seal(keys, details(vector, DATASETS.get(0)));
        byte[] item = BucketItem.encode(List.of(entry), PADDED_SIZE, new PaddingFiller(key.paddingKey(), load, keys.bucket()));
        ObjectNode node = json.createObjectNode();
        node.put("dataset", load.datasetId());
        node.put("vector", 0);
        node.put("bucket", keys.bucket());
        node.put("paddedSize", PADDED_SIZE);
        node.put("item", HEX.formatHex(item));
        return node;
    }

    private static final int PADDED_SIZE = 16;

    /** Writes {@code vectors/leakcheck-v2.json}. Run from the protocol module folder. */
    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(FILE, json.writeValueAsString(compute(json)) + "\n");
        System.out.println("wrote " + FILE.toAbsolutePath().normalize());
    }

    static JsonNode read(ObjectMapper json) throws IOException {
        return json.readTree(FILE.toFile());
    }

    /** The canonical fields of an identity, the factor last for a factor-bound one. */
    static ObjectNode canonicalFields(ObjectMapper json, Identity identity) {
        ObjectNode node = json.createObjectNode();
        Identity base = identity instanceof FactorIdentity f ? f.base() : identity;
        if (base instanceof NirIdentity n) {
            node.put("nir", n.nir());
        } else if (base instanceof NameDobIdentity p) {
            node.put("lastName", p.lastName());
            node.put("firstName", p.firstName());
            node.put("birthDate", p.birthDate().toString());
        }
        if (identity instanceof FactorIdentity f) {
            node.put("factor", f.factor());
        }
        return node;
    }

    /** One synthetic person as typed, the kinds of data their dataset exposed, and their factor as typed (or null). */
    record Input(String nir, String lastName, String firstName, String birthDate, EnumSet<ExposureKind> exposed, String factor) {
        static Input nir(String raw, EnumSet<ExposureKind> exposed) {
            return new Input(raw, null, null, null, exposed, null);
        }

        static Input nameDob(String last, String first, String date, EnumSet<ExposureKind> exposed) {
            return new Input(null, last, first, date, exposed, null);
        }

        Input with(String rawFactor) {
            return new Input(nir, lastName, firstName, birthDate, exposed, rawFactor);
        }

        Identity identity() {
            return nir != null ? NirIdentity.parse(nir) : NameDobIdentity.parse(lastName, firstName, birthDate);
        }

        ObjectNode raw(ObjectMapper json, boolean withFactor) {
            ObjectNode node = json.createObjectNode();
            if (nir != null) {
                node.put("nir", nir);
            } else {
                node.put("lastName", lastName);
                node.put("firstName", firstName);
                node.put("birthDate", birthDate);
            }
            if (withFactor) {
                node.put("factor", factor);
            }
            return node;
        }
    }
}
