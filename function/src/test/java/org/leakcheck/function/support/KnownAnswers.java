package org.leakcheck.function.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;

/** The known-answers file written by {@code loader generate}: identities and the answer a lookup must give. */
public final class KnownAnswers {

    /**
     * One case; {@code args} are the {@code check} command's identity options.
     *
     * @param factor      the person's right canonical factor (present cases of persons who have one)
     * @param wrongFactor a valid factor that is not the person's (present cases)
     */
    public record Case(String kind, String expected, Identity identity, List<String> args, Optional<String> factor,
                       Optional<String> wrongFactor) {
        public boolean present() {
            return !expected.equals("absent");
        }

        @Override
        public String toString() {
            return "Case[" + kind + ", " + expected + (factor.isPresent() ? ", with a factor" : "") + "]";
        }
    }

    private KnownAnswers() {
    }

    public static List<Case> read(Path file) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : Events.JSON.readTree(file.toFile()).get("cases")) {
            String expected = c.get("expected").asText();
            Optional<String> factor = Optional.ofNullable(c.path("factor").textValue());
            Optional<String> wrong = Optional.ofNullable(c.path("wrongFactor").textValue());
            if (c.get("kind").asText().equals("nir")) {
                String nir = c.get("nir").asText();
                cases.add(new Case("nir", expected, NirIdentity.parse(nir), List.of("--nir", nir), factor, wrong));
            } else {
                String last = c.get("lastName").asText();
                String first = c.get("firstName").asText();
                String date = c.get("birthDate").asText();
                cases.add(new Case("name-dob", expected, NameDobIdentity.parse(last, first, date),
                        List.of("--last-name", last, "--first-name", first, "--birth-date", date), factor, wrong));
            }
        }
        return cases;
    }
}
