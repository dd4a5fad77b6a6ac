package org.leakcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code ./leakcheck check} lines the demo prints, from the generator's known answers
 * ({@code {"cases": [{"kind": "nir" | "name-dob", "expected": "present" | "present-variant" |
 * "absent", "factor", "wrongFactor", ...}]}}), for a dataset under the {@code membership} policy:
 * a present NIR alone (found, the details need the factor), with its factor (found, with the
 * kinds), with a wrong factor (found, membership only); an absent NIR; a name variant; and one
 * submission of both kinds.
 */
final class TryLines {

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private TryLines() {
    }

    /** The lines, each {@code "  label  ./leakcheck check --api ... --public-key ..."}. */
    static List<String> of(Path knownAnswers, String api, Path publicKey) throws IOException {
        JsonNode cases = new ObjectMapper().readTree(Files.readAllBytes(knownAnswers)).path("cases");
        List<JsonNode> all = new ArrayList<>();
        cases.forEach(all::add);
        List<String> lines = new ArrayList<>();
        String prefix = "./leakcheck check --api " + api + " --public-key " + quote(publicKey.toString());
        Optional<JsonNode> withFactor = all.stream()
                .filter(c -> c.path("expected").asText().equals("present") && c.path("kind").asText().equals("nir"))
                .filter(c -> c.path("factor").isTextual() && c.path("wrongFactor").isTextual())
                .findFirst();
        show(lines, prefix, "found (details need the factor):", withFactor.or(() -> pick(all, "present", "nir")));
        withFactor.ifPresent(c -> {
            show(lines, prefix, "found, with the factor (kinds):", withFactor);
            lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " --factor " + quote(c.path("factor").asText()));
            show(lines, prefix, "found, wrong factor (membership):", withFactor);
            lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " --factor " + quote(c.path("wrongFactor").asText()));
        });
        show(lines, prefix, "not found:", pick(all, "absent", "nir").or(() -> pick(all, "absent", null)));
        show(lines, prefix, "found, by a name variant:", pick(all, "present-variant", "name-dob"));
        show(lines, prefix, "both kinds at once:", pick(all, "absent", "nir"), pick(all, "present-variant", "name-dob"));
        return lines;
    }

    @SafeVarargs
    private static void show(List<String> lines, String prefix, String label, Optional<JsonNode>... picked) {
        StringBuilder line = new StringBuilder(String.format("  %-34s %s", label, prefix));
        for (Optional<JsonNode> c : picked) {
            if (c.isEmpty()) {
                return;
            }
            line.append(options(c.get()));
        }
        lines.add(line.toString());
    }

    private static Optional<JsonNode> pick(List<JsonNode> cases, String expected, String kind) {
        return cases.stream()
                .filter(c -> c.path("expected").asText().equals(expected))
                .filter(c -> kind == null || c.path("kind").asText().equals(kind))
                .findFirst();
    }

    private static String options(JsonNode c) {
        if (c.path("kind").asText().equals("nir")) {
            return " --nir " + quote(c.path("nir").asText());
        }
        return " --last-name " + quote(c.path("lastName").asText()) + " --first-name "
                + quote(c.path("firstName").asText()) + " --birth-date " + quote(c.path("birthDate").asText());
    }

    /** {@code value} as one shell word: as is when safe, else single-quoted. */
    static String quote(String value) {
        if (SHELL_SAFE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
