package org.leakcheck.loader.notice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
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
    // One line each, in UTF-16 units as FactorLabel counts them; DEL is refused too.
    private final FieldChecks checks = new FieldChecks(json, new FieldChecks.TextRules(String::length,
            (text, newlines) -> StrictJson.hasControl(text, false) || text.indexOf(0x7F) >= 0,
            "must be one line without control characters", "must be one line without control characters"));

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
        checks.unknownFields(root, "", Set.of("label", "hint"));
        String[] label = pair(root, "label", FactorLabel.MAX_LABEL);
        String[] hint = pair(root, "hint", FactorLabel.MAX_HINT);
        checks.throwIfAny();
        return new FactorLabel(label[0], label[1], hint[0], hint[1]);
    }

    private String[] pair(ObjectNode root, String name, int max) {
        String[] out = new String[LANGUAGES.size()];
        ObjectNode texts = checks.object(root, name);
        if (texts != null) {
            checks.unknownFields(texts, name, Set.copyOf(LANGUAGES));
            for (int i = 0; i < LANGUAGES.size(); i++) {
                out[i] = checks.text(texts, name, LANGUAGES.get(i), max, true, false);
            }
        }
        return out;
    }
}
