package org.leakcheck.loader.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.leakcheck.protocol.identity.Factor;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;

/**
 * The "known answers" sidecar written by {@code generate}: sample identities and whether each is
 * in the leak. Synthetic by construction.
 *
 * <pre>
 * {"cases": [{"kind": "nir", "nir": "...", "expected": "present", "factor": "...", "wrongFactor": "..."},
 *            {"kind": "name-dob", "lastName": "...", "firstName": "...", "birthDate": "...", "expected": "absent"}]}
 * </pre>
 * {@code expected} is {@code present}, {@code absent} or {@code present-variant} (present under
 * another spelling or the birth name). Present cases carry {@code factor}, the person's canonical
 * factor (absent when the person has none), and {@code wrongFactor}, a valid factor that is not
 * theirs.
 */
public record KnownAnswers(List<Case> cases) {
    /**
     * One sample: the identity as typed, whether a lookup must find it, and its factors.
     *
     * @param factor      the person's canonical factor, or null when they have none (or the case is absent)
     * @param wrongFactor a valid factor that is not theirs, or null
     */
    public record Case(int index, String kind, Identity identity, String expected, String factor, String wrongFactor) {
        public boolean shouldBeFound() {
            return !"absent".equals(expected);
        }

        @Override
        public String toString() {
            return "case #" + index + " (" + kind + ", expected " + expected
                    + (factor != null ? ", with a factor" : wrongFactor != null ? ", without a factor" : "") + ")";
        }
    }

    public static KnownAnswers read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Case> cases = new ArrayList<>();
        int i = 0;
        for (JsonNode c : root.path("cases")) {
            String kind = c.path("kind").asText();
            Identity identity = "nir".equals(kind)
                    ? NirIdentity.parse(c.path("nir").asText())
                    : NameDobIdentity.parse(c.path("lastName").asText(), c.path("firstName").asText(), c.path("birthDate").asText());
            cases.add(new Case(i++, kind, identity, c.path("expected").asText(), factor(c, "factor"),
                    factor(c, "wrongFactor")));
        }
        if (cases.isEmpty()) {
            throw new IOException("known answers: no cases in " + file.getFileName());
        }
        return new KnownAnswers(List.copyOf(cases));
    }

    private static String factor(JsonNode c, String field) {
        JsonNode value = c.get(field);
        return value == null || value.isNull() ? null : Factor.canonical(value.asText());
    }
}
