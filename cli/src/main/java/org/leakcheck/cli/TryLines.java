package org.leakcheck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * submission of both kinds. Then one batch check, as a registered caller, of a member list made of
 * the same cases ({@link #writeMembers}).
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

    /**
     * The batch check line: a registered caller (the key in {@code partnerKeyFile}) checks the member
     * list {@code members} and writes {@code results}.
     */
    static String batch(String api, Path publicKey, Path partnerKeyFile, Path members, Path results) {
        return String.format("  %-34s %s", "a member list, as a partner:", "./leakcheck check --api " + api
                + " --public-key " + quote(publicKey.toString()) + " --api-key-file " + quote(partnerKeyFile.toString())
                + " --batch " + quote(members.toString()) + " --out " + quote(results.toString()));
    }

    /** The generator's columns that a member list fills, by the known answers' field names. */
    private static final Map<String, String> MEMBER_COLUMNS = Map.of("nir", "nir", "lastName", "nom",
            "firstName", "prenoms", "birthDate", "date_naissance", "factor", "numero_adherent");
    private static final String ROW_ID_COLUMN = "numero_patient";

    /**
     * Writes a member list of every known-answer case, one row each, in the generator's CSV layout
     * ({@code header}, the first line of the leak file: {@code ;}-separated, UTF-8): its identity
     * (a NIR, or a name with birth date), its factor when it has one, and a row id
     * {@code M0001}...; every other column empty. Synthetic identities only, whose verdicts the known
     * answers give.
     *
     * @return the number of rows written
     */
    static int writeMembers(Path knownAnswers, String header, Path out) throws IOException {
        // A byte-order mark is not part of the first column's name.
        List<String> columns = List.of(header.replace("\uFEFF", "").strip().split(";", -1));
        JsonNode cases = new ObjectMapper().readTree(Files.readAllBytes(knownAnswers)).path("cases");
        StringBuilder csv = new StringBuilder(String.join(";", columns)).append('\n');
        int rows = 0;
        for (JsonNode c : cases) {
            rows++;
            List<String> values = new ArrayList<>();
            for (String column : columns) {
                String value = "";
                if (column.equals(ROW_ID_COLUMN)) {
                    value = String.format("M%04d", rows);
                }
                for (Map.Entry<String, String> field : MEMBER_COLUMNS.entrySet()) {
                    if (field.getValue().equals(column) && c.path(field.getKey()).isTextual()) {
                        value = c.path(field.getKey()).asText();
                    }
                }
                values.add(csvField(value));
            }
            csv.append(String.join(";", values)).append('\n');
        }
        Files.writeString(out, csv, StandardCharsets.UTF_8);
        return rows;
    }

    private static String csvField(String value) {
        if (value.indexOf(';') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
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
