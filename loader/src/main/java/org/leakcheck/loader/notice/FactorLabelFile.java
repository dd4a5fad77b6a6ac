package org.leakcheck.loader.notice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.leakcheck.store.FactorLabel;

/**
 * How the page names the factor of a dataset (membership, gated), loaded from a JSON file:
 *
 * <pre>
 * {"label": {"fr": "Numéro d'adhérent de votre mutuelle", "en": "Your health insurer's member number"},
 *  "hint":  {"fr": "Sur votre carte de tiers payant", "en": "On your third-party payment card"}}
 * </pre>
 * Exactly these fields ({@code factor-label.unknown-field}), strings ({@code factor-label.type}),
 * none blank ({@code factor-label.missing}), one line each ({@code factor-label.control}), a label
 * at most {@value FactorLabel#MAX_LABEL} characters and a hint at most {@value FactorLabel#MAX_HINT}
 * ({@code factor-label.too-long}, UTF-16 units as {@link FactorLabel} counts them). Malformed JSON
 * is {@code factor-label.json}. Problems name the field and the rule, never the value.
 */
public final class FactorLabelFile {
    public static final String MISSING = "factor-label.missing";
    public static final String UNKNOWN_FIELD = "factor-label.unknown-field";
    public static final String TYPE = "factor-label.type";
    public static final String TOO_LONG = "factor-label.too-long";
    public static final String CONTROL = "factor-label.control";

    private static final List<String> LANGUAGES = List.of("fr", "en");

    private final StrictJson json = new StrictJson("factor label", "factor-label");
    private final List<FileProblemException.Problem> problems = new ArrayList<>();

    private FactorLabelFile() {
    }

    /**
     * Reads and validates a factor-label file.
     *
     * @throws FileProblemException listing every problem, naming field and rule
     * @throws IOException          if the file cannot be read
     */
    public static FactorLabel read(Path file) throws IOException {
        FactorLabelFile reader = new FactorLabelFile();
        return reader.validate(reader.json.read(file));
    }

    /** Validates a factor label given as JSON text; as {@link #read}. */
    public static FactorLabel parse(String text) {
        FactorLabelFile reader = new FactorLabelFile();
        return reader.validate(reader.json.parse(text));
    }

    private FactorLabel validate(ObjectNode root) {
        unknownFields(root, "", Set.of("label", "hint"));
        String[] label = pair(root, "label", FactorLabel.MAX_LABEL);
        String[] hint = pair(root, "hint", FactorLabel.MAX_HINT);
        if (!problems.isEmpty()) {
            throw new FileProblemException("factor label", problems);
        }
        return new FactorLabel(label[0], label[1], hint[0], hint[1]);
    }

    private String[] pair(ObjectNode root, String name, int max) {
        String[] out = new String[2];
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            problems.add(new FileProblemException.Problem(name, "is missing", MISSING));
            return out;
        }
        if (!node.isObject()) {
            problems.add(new FileProblemException.Problem(name, "must be a JSON object", TYPE));
            return out;
        }
        unknownFields((ObjectNode) node, name, Set.copyOf(LANGUAGES));
        for (int i = 0; i < LANGUAGES.size(); i++) {
            String field = name + "." + LANGUAGES.get(i);
            JsonNode text = node.get(LANGUAGES.get(i));
            if (text == null || text.isNull() || (text.isTextual() && text.asText().isBlank())) {
                problems.add(new FileProblemException.Problem(field, "is missing", MISSING));
            } else if (!text.isTextual()) {
                problems.add(new FileProblemException.Problem(field, "must be a string", TYPE));
            } else if (StrictJson.hasControl(text.asText(), false) || text.asText().chars().anyMatch(c -> c == 0x7F)) {
                problems.add(new FileProblemException.Problem(field, "must be one line without control characters",
                        CONTROL));
            } else if (text.asText().length() > max) {
                problems.add(new FileProblemException.Problem(field, "must be at most " + max + " characters", TOO_LONG));
            } else {
                out[i] = text.asText();
            }
        }
        return out;
    }

    private void unknownFields(ObjectNode node, String path, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(new FileProblemException.Problem(StrictJson.safeName(path, name),
                        "is not a field of the factor label", UNKNOWN_FIELD));
            }
        }
    }
}
