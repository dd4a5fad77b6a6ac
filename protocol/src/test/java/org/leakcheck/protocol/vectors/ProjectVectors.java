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
import org.leakcheck.protocol.lookup.Buckets;
import org.leakcheck.protocol.lookup.Details;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.EntryKeys;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.PaddingFiller;
import org.leakcheck.protocol.oprf.Blinded;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfKey;
import org.leakcheck.protocol.oprf.ScalarSource;

/**
 * The project test vectors ({@code vectors/leakcheck-v1.json}): about twenty synthetic identities
 * taken through the whole protocol under a fixed test key. {@link #compute} derives every value from
 * the inputs; {@code ProjectVectorsTest} checks the committed file against it, and the website's
 * JavaScript replays the same file. {@link #main} wrote the file once: rerun it only for a new
 * protocol version.
 */
public final class ProjectVectors {
    static final Path FILE = Path.of("..", "vectors", "leakcheck-v1.json");
    static final String DATASET = "vectors-2021";
    static final int BUCKET_BITS = Buckets.DEFAULT_BITS;
    static final int PADDED_SIZE = 4;
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

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

    /** The fixed test key: DeriveKeyPair(seed = 32 × 0x5a, info = "leakcheck-v1/test-key"). Never a production key. */
    static byte[] keySeed() {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) 0x5a);
        return seed;
    }

    static final String KEY_INFO = "leakcheck-v1/test-key";

    /** Blind of vector {@code i}: SHA-256("leakcheck-v1/test-blind" || i) mod n, deterministic and non-zero. */
    static byte[] blindFor(int i) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("leakcheck-v1/test-blind" + i).getBytes(StandardCharsets.US_ASCII));
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

    /** Computes the whole vector file from {@link #inputs()}. */
    static ObjectNode compute(ObjectMapper json) {
        OprfKey key = Oprf.deriveKeyPair(keySeed(), KEY_INFO.getBytes(StandardCharsets.US_ASCII));
        ObjectNode root = json.createObjectNode();
        root.put("description", "leakcheck protocol v1 test vectors: synthetic identities through canonicalization, "
                + "bucket, RFC 9497 P256-SHA256 OPRF under a fixed test key, fingerprint, sealed details and entry. "
                + "All byte strings are lower-case hex. Generated by ProjectVectors (protocol module tests).");
        root.put("protocolVersion", 1);
        root.put("suite", Oprf.SUITE);
        root.put("bucketBits", BUCKET_BITS);
        root.put("datasetId", DATASET);
        root.put("datasetTag", String.format("%08x", EntryKeys.datasetTag(DATASET)));
        ObjectNode k = root.putObject("key");
        k.put("seed", HEX.formatHex(keySeed()));
        k.put("info", KEY_INFO);
        k.put("skS", HEX.formatHex(key.serialize()));
        k.put("pkS", HEX.formatHex(key.publicKey()));
        k.put("paddingKey", HEX.formatHex(PaddingFiller.paddingKey(key.serialize())));
        ArrayNode vectors = root.putArray("vectors");
        List<Input> inputs = inputs();
        for (int i = 0; i < inputs.size(); i++) {
            vectors.add(vector(json, key, inputs.get(i), i));
        }
        root.set("bucketItem", bucketItemExample(json, key, inputs.get(0)));
        return root;
    }

    private static ObjectNode vector(ObjectMapper json, OprfKey key, Input input, int i) {
        Identity identity = input.identity();
        byte[] canonical = identity.canonicalBytes();
        byte[] blind = blindFor(i);
        Blinded blinded = Oprf.blind(canonical, ScalarSource.fixed(blind));
        byte[] evaluated = Oprf.blindEvaluate(key, blinded.blindedElement());
        byte[] output = Oprf.finalizeOutput(canonical, blinded, evaluated);
        EntryKeys keys = EntryKeys.derive(output, DATASET);
        Details details = Details.of(input.exposed(), DATASET);

        ObjectNode v = json.createObjectNode();
        v.put("kind", identity.kind().label());
        v.set("input", input.raw(json));
        v.set("identity", input.canonicalFields(json));
        v.put("canonical", HEX.formatHex(canonical));
        v.put("bucket", Buckets.bucketOf(canonical, BUCKET_BITS));
        v.put("blind", HEX.formatHex(blind));
        v.put("blindedElement", HEX.formatHex(blinded.blindedElement()));
        v.put("evaluatedElement", HEX.formatHex(evaluated));
        v.put("output", HEX.formatHex(output));
        v.put("fingerprint", HEX.formatHex(keys.fingerprint()));
        ArrayNode exposed = v.putArray("exposure");
        input.exposed().forEach(kind -> exposed.add(kind.name()));
        v.put("exposureMask", ExposureKind.toMask(input.exposed()));
        v.put("entry", HEX.formatHex(Entry.seal(keys, details)));
        return v;
    }

    /** One padded, sorted bucket item holding the first vector's entry and filler, to pin the item layout. */
    private static ObjectNode bucketItemExample(ObjectMapper json, OprfKey key, Input input) {
        byte[] canonical = input.identity().canonicalBytes();
        int bucket = Buckets.bucketOf(canonical, BUCKET_BITS);
        byte[] output = Oprf.evaluate(key, canonical);
        byte[] entry = Entry.seal(EntryKeys.derive(output, DATASET), Details.of(input.exposed(), DATASET));
        byte[] item = BucketItem.encode(List.of(entry), PADDED_SIZE,
                new PaddingFiller(PaddingFiller.paddingKey(key.serialize()), DATASET, bucket));
        ObjectNode node = json.createObjectNode();
        node.put("vector", 0);
        node.put("bucket", bucket);
        node.put("paddedSize", PADDED_SIZE);
        node.put("item", HEX.formatHex(item));
        return node;
    }

    /** Writes {@code vectors/leakcheck-v1.json}. Run from the protocol module folder. */
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
