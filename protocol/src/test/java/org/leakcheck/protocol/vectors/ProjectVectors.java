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
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.lookup.BucketItem;
import org.leakcheck.protocol.lookup.DatasetLoad;
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
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * The project test vectors ({@code vectors/leakcheck-v2.json}): twenty synthetic identities taken
 * through the whole protocol v2 under a fixed test key, in two datasets with different bucket
 * bits, and the Q = 2 batches that carry them, with their blinds, proof nonces and proofs.
 * {@link #compute} derives every value from the inputs; {@code ProjectVectorsTest} checks the
 * committed file against it, and the website's JavaScript replays the same file. {@link #main}
 * writes the file: rerun it only for a new protocol version.
 */
public final class ProjectVectors {
    static final Path FILE = Path.of("..", "vectors", "leakcheck-v2.json");
    /** Q, the page's batch size. */
    static final int Q = 2;
    private static final HexFormat HEX = HexFormat.of();
    /** The seed of the fixed test key. */
    private static final byte[] SEED = HEX.parseHex("5a".repeat(32));
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    /** The dummy of the last batch: 32 bytes, as a client draws them at random. */
    private static final byte[] DUMMY = HEX.parseHex("d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0");

    /** A dataset of the vectors: its id, bucket bits, and which vectors it holds (every one, or every other one). */
    record Dataset(String id, int bucketBits, int step, int maskShift) {
    }

    static final List<Dataset> DATASETS = List.of(new Dataset("vectors-2021", 3, 1, 0), new Dataset("vectors-2024", 11, 2, 1));

    private ProjectVectors() {
    }

    /** Synthetic inputs: raw as a person would type them, dirt included. */
    static List<Input> inputs() {
        List<Input> in = new ArrayList<>();
        in.add(Input.nir("1 85 05 78 006 048 30", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.NIR, ExposureKind.MEDICAL)));
        in.add(Input.nir("2.92.01.75.112.233.72", EnumSet.allOf(ExposureKind.class)));
        in.add(Input.nir("169-02-99-123-456-64", EnumSet.of(ExposureKind.NIR)));
        in.add(Input.nir("185052a00401270", EnumSet.of(ExposureKind.NIR, ExposureKind.INSURER, ExposureKind.BLOOD_GROUP)));
        in.add(Input.nir("2 97 07 2B 123 001 06", EnumSet.of(ExposureKind.NIR, ExposureKind.PHONE, ExposureKind.EMAIL)));
        in.add(Input.nir("8 96 06 99 123 045 30", EnumSet.of(ExposureKind.NIR, ExposureKind.ADDRESS)));
        in.add(Input.nir("2010131052117 69", EnumSet.of(ExposureKind.NIR, ExposureKind.DOCTOR, ExposureKind.COMMENTS)));
        in.add(Input.nameDob("Lefèvre", "Hélène", "1985-05-12", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.MEDICAL)));
        in.add(Input.nameDob("d'Artagnan", "Charles", "23/11/1961", EnumSet.of(ExposureKind.IDENTITY)));
        in.add(Input.nameDob("DE LA FONTAINE", "Jean-Pierre", "1950-01-31", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.ADDRESS)));
        in.add(Input.nameDob("Le Gall", "Marie, Claire", "07/03/1992", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.PHONE)));
        in.add(Input.nameDob("Lœuillet", "Zoé", "2000-02-29", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.EMAIL)));
        in.add(Input.nameDob("Müller", "Jürgen", "1970-10-10", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.INSURER)));
        in.add(Input.nameDob("N’Diaye", "Aïssatou", "15/08/1988", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.BLOOD_GROUP)));
        in.add(Input.nameDob("  da   silva ", "  joão ", "1999-12-31", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.MEDICAL)));
        in.add(Input.nameDob("Weiß", "Renée", "1934-06-01", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.DOCTOR)));
        in.add(Input.nameDob("Nuñez", "José-María", "1980-02-29", EnumSet.allOf(ExposureKind.class)));
        in.add(Input.nameDob("O'Brien", "Seán", "2012-12-12", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.COMMENTS)));
        in.add(Input.nameDob("Ñúñez-Lefèvre", "Anne Sophie", "1945-05-08", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.NIR)));
        in.add(Input.nameDob("Kowalski", "Łukasz", "01/01/2001", EnumSet.of(ExposureKind.IDENTITY, ExposureKind.ADDRESS, ExposureKind.PHONE)));
        return in;
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
        List<Input> inputs = inputs();
        ObjectNode root = json.createObjectNode();
        root.put("description", "leakcheck protocol v2 test vectors: synthetic identities through canonicalization, "
                + "RFC 9497 P256-SHA256 VOPRF (mode 1) in batches of Q = 2 under a fixed test key, then per dataset "
                + "and load: bucket, fingerprint, sealed details and entry. All byte strings are lower-case hex. "
                + "Generated by ProjectVectors (protocol module tests).");
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
            for (int i = 0; i < inputs.size(); i += dataset.step()) {
                digest.add(inputs.get(i).identity().canonicalBytes(), ExposureKind.toMask(exposed(inputs.get(i), dataset)));
            }
            DatasetLoad load = new DatasetLoad(dataset.id(), LoadIds.derive(key.paddingKey(), dataset.id(), dataset.bucketBits(), digest), dataset.bucketBits());
            loads.add(load);
            ObjectNode d = datasets.addObject();
            d.put("id", dataset.id());
            d.put("bucketBits", dataset.bucketBits());
            d.put("datasetTag", String.format("%08x", EntryKeys.datasetTag(dataset.id())));
            ArrayNode members = d.putArray("vectors");
            for (int i = 0; i < inputs.size(); i += dataset.step()) {
                members.add(i);
            }
            d.put("contentDigest", HEX.formatHex(digest.value()));
            d.put("load", load.loadIdHex());
        }

        ArrayNode vectors = root.putArray("vectors");
        for (int i = 0; i < inputs.size(); i++) {
            vectors.add(vector(json, key, inputs.get(i), i, loads));
        }
        ArrayNode batches = root.putArray("batches");
        for (int b = 0; b * Q < inputs.size(); b++) {
            List<byte[]> batchInputs = new ArrayList<>();
            ArrayNode members = json.createArrayNode();
            for (int i = b * Q; i < Math.min(inputs.size(), (b + 1) * Q); i++) {
                batchInputs.add(inputs.get(i).identity().canonicalBytes());
                members.add(i);
            }
            batches.add(batch(json, key, b, members, batchInputs));
        }
        ArrayNode withDummy = json.createArrayNode().add(0);
        ObjectNode dummyBatch = batch(json, key, batches.size(), withDummy.add("dummy"),
                List.of(inputs.get(0).identity().canonicalBytes(), DUMMY));
        dummyBatch.put("dummyInput", HEX.formatHex(DUMMY));
        batches.add(dummyBatch);
        root.set("bucketItem", bucketItemExample(json, key, inputs.get(0), loads.get(0)));
        return root;
    }

    private static ObjectNode vector(ObjectMapper json, KeyMaterial key, Input input, int i, List<DatasetLoad> loads) {
        Identity identity = input.identity();
        byte[] canonical = identity.canonicalBytes();
        byte[] output = Oprf.VERIFIABLE.evaluate(key.key(), canonical);
        ObjectNode v = json.createObjectNode();
        v.put("kind", identity.kind().label());
        v.set("input", input.raw(json));
        v.set("identity", input.canonicalFields(json));
        v.put("canonical", HEX.formatHex(canonical));
        v.put("output", HEX.formatHex(output));
        ArrayNode in = v.putArray("datasets");
        for (int d = 0; d < DATASETS.size(); d++) {
            Dataset dataset = DATASETS.get(d);
            if (i % dataset.step() != 0) {
                continue;
            }
            EntryKeys keys = EntryKeys.derive(output, loads.get(d));
            EnumSet<ExposureKind> kinds = exposed(input, dataset);
            ObjectNode e = in.addObject();
            e.put("id", dataset.id());
            e.put("bucket", keys.bucket());
            e.put("fingerprint", HEX.formatHex(keys.fingerprint()));
            ArrayNode exposure = e.putArray("exposure");
            kinds.forEach(kind -> exposure.add(kind.name()));
            e.put("exposureMask", ExposureKind.toMask(kinds));
            e.put("entry", HEX.formatHex(Entry.seal(keys, Details.of(kinds, dataset.id()))));
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

    /** One padded, sorted bucket item holding the first vector's entry and filler, to pin the item layout. */
    private static ObjectNode bucketItemExample(ObjectMapper json, KeyMaterial key, Input input, DatasetLoad load) {
        byte[] output = Oprf.VERIFIABLE.evaluate(key.key(), input.identity().canonicalBytes());
        EntryKeys keys = EntryKeys.derive(output, load);
        byte[] entry = Entry.seal(keys, Details.of(exposed(input, DATASETS.get(0)), load.datasetId()));
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

    /** One synthetic identity as typed, and the kinds of data its dataset exposed. */
    record Input(String nir, String lastName, String firstName, String birthDate, EnumSet<ExposureKind> exposed) {
        static Input nir(String raw, EnumSet<ExposureKind> exposed) {
            return new Input(raw, null, null, null, exposed);
        }

        static Input nameDob(String last, String first, String date, EnumSet<ExposureKind> exposed) {
            return new Input(null, last, first, date, exposed);
        }

        Identity identity() {
            return nir != null ? NirIdentity.parse(nir) : NameDobIdentity.parse(lastName, firstName, birthDate);
        }

        ObjectNode raw(ObjectMapper json) {
            ObjectNode node = json.createObjectNode();
            if (nir != null) {
                node.put("nir", nir);
            } else {
                node.put("lastName", lastName);
                node.put("firstName", firstName);
                node.put("birthDate", birthDate);
            }
            return node;
        }

        ObjectNode canonicalFields(ObjectMapper json) {
            ObjectNode node = json.createObjectNode();
            Identity identity = identity();
            if (identity instanceof NirIdentity n) {
                node.put("nir", n.nir());
            } else if (identity instanceof NameDobIdentity p) {
                node.put("lastName", p.lastName());
                node.put("firstName", p.firstName());
                node.put("birthDate", p.birthDate().toString());
            }
            return node;
        }
    }
}
