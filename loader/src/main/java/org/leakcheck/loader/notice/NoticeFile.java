package org.leakcheck.loader.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.leakcheck.store.DatasetManifest;

/**
 * The Art. 34(2) GDPR notice of a dataset: the controller's communication to the people in the
 * leak, loaded from a JSON file, validated, stored in the manifest as compact JSON and served
 * as-is by {@code /v2/info} ({@code docs/loader.md}, "The notice").
 *
 * <pre>
 * {"controller": "...",
 *  "fr": {"whatHappened": "...", "when": "...", "consequences": "...", "measures": "...", "whatToDo": "..."},
 *  "en": {same five texts},
 *  "contact": {"name": "...", "url": "https://...", "email": "...", "phone": "..."},
 *  "dpo":     {"name": "...", "url": "https://...", "email": "...", "phone": "..."}}
 * </pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>exactly these fields, each a string (objects for fr, en, contact, dpo): another field is
 *       {@code notice.unknown-field}, another type {@code notice.type};</li>
 *   <li>{@code controller}, the ten fr/en texts and both {@code name}s are required, and a blank
 *       one counts as missing ({@code notice.missing}); a blank url, email or phone counts as
 *       absent and is not stored;</li>
 *   <li>contact and dpo each need a url, an e-mail or a phone ({@code notice.no-channel});</li>
 *   <li>url: {@code https}, with a host, without user info ({@code notice.url}); email:
 *       {@code [^\s@]+@[^\s@]+\.[^\s@]+} ({@code notice.email}); phone: an optional leading
 *       {@code +}, then digits, spaces, {@code .}, {@code -}, {@code (}, {@code )}, with 6 to 20
 *       digits ({@code notice.phone});</li>
 *   <li>lengths in characters (code points), {@code notice.too-long}: controller 300, names 200,
 *       {@code when} 200, url and email 500, every other text 10,000; and the stored compact JSON
 *       at most {@value DatasetManifest#MAX_NOTICE_BYTES} bytes in UTF-8, so the manifest fits in a
 *       DynamoDB item;</li>
 *   <li>no C0 or C1 control character but {@code \n} ({@code notice.control}).</li>
 * </ul>
 * Markup, bidi controls and any other Unicode are allowed: every client renders the notice as
 * text, never as HTML. Malformed JSON ({@code notice.json}, with its line and column) and a
 * duplicate field ({@code notice.duplicate-field}) are refused as well. Every problem is
 * reported, each naming its field and rule ({@code notice: fr.measures: is missing
 * [notice.missing]}), never the value.
 */
public final class NoticeFile {
    public static final String MISSING = "notice.missing";
    public static final String UNKNOWN_FIELD = "notice.unknown-field";
    public static final String TYPE = "notice.type";
    public static final String NO_CHANNEL = "notice.no-channel";
    public static final String URL = "notice.url";
    public static final String EMAIL = "notice.email";
    public static final String PHONE = "notice.phone";
    public static final String TOO_LONG = "notice.too-long";
    public static final String CONTROL = "notice.control";
    public static final String JSON = "notice.json";
    public static final String DUPLICATE_FIELD = "notice.duplicate-field";

    /** The five texts of each language, in stored order. */
    public static final List<String> TEXTS = List.of("whatHappened", "when", "consequences", "measures", "whatToDo");
    /** The fields of a contact point, in stored order. */
    public static final List<String> CONTACT_FIELDS = List.of("name", "url", "email", "phone");
    /** The top-level fields, in stored order. */
    public static final List<String> FIELDS = List.of("controller", "fr", "en", "contact", "dpo");

    static final int MAX_CONTROLLER = 300;
    static final int MAX_NAME = 200;
    static final int MAX_WHEN = 200;
    static final int MAX_ADDRESS = 500;
    static final int MAX_TEXT = 10_000;

    private static final Pattern EMAIL_PATTERN = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");
    private static final Pattern PHONE_PATTERN = Pattern.compile("\\+?[0-9 .()\\-]+");
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final StrictJson json = new StrictJson("notice", "notice");
    private final List<FileProblemException.Problem> problems = new ArrayList<>();

    private NoticeFile() {
    }

    /**
     * Reads and validates a notice file.
     *
     * @return the notice as compact JSON, fields in the documented order
     * @throws FileProblemException listing every problem, naming field and rule
     * @throws IOException          if the file cannot be read
     */
    public static String read(Path file) throws IOException {
        NoticeFile notice = new NoticeFile();
        return notice.validate(notice.json.read(file));
    }

    /** Validates a notice given as JSON text; as {@link #read}. */
    public static String parse(String text) {
        NoticeFile notice = new NoticeFile();
        return notice.validate(notice.json.parse(text));
    }

    private String validate(ObjectNode root) {
        ObjectNode out = COMPACT.createObjectNode();
        unknownFields(root, "", Set.copyOf(FIELDS));
        String controller = text(root, "", "controller", MAX_CONTROLLER, true, true);
        if (controller != null) {
            out.put("controller", controller);
        }
        for (String language : List.of("fr", "en")) {
            ObjectNode texts = object(root, language);
            ObjectNode stored = out.putObject(language);
            if (texts == null) {
                continue;
            }
            unknownFields(texts, language, Set.copyOf(TEXTS));
            for (String name : TEXTS) {
                String value = text(texts, language, name, name.equals("when") ? MAX_WHEN : MAX_TEXT, true, true);
                if (value != null) {
                    stored.put(name, value);
                }
            }
        }
        for (String point : List.of("contact", "dpo")) {
            ObjectNode contact = object(root, point);
            ObjectNode stored = out.putObject(point);
            if (contact != null) {
                contact(contact, point, stored);
            }
        }
        if (!problems.isEmpty()) {
            throw new FileProblemException("notice", problems);
        }
        String compact;
        try {
            compact = COMPACT.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the notice could not be written as JSON", e);
        }
        if (compact.getBytes(StandardCharsets.UTF_8).length > DatasetManifest.MAX_NOTICE_BYTES) {
            throw json.fail("(whole notice)", "is longer than " + DatasetManifest.MAX_NOTICE_BYTES
                    + " bytes in UTF-8 once stored", "too-long");
        }
        return compact;
    }

    private void contact(ObjectNode contact, String point, ObjectNode stored) {
        unknownFields(contact, point, Set.copyOf(CONTACT_FIELDS));
        String name = text(contact, point, "name", MAX_NAME, true, true);
        if (name != null) {
            stored.put("name", name);
        }
        boolean channel = false;
        boolean channelBroken = false;
        String url = text(contact, point, "url", MAX_ADDRESS, false, false);
        if (url != null) {
            if (isHttpsUrl(url)) {
                stored.put("url", url);
            } else {
                problem(point + ".url", "must be an https URL with a host", URL);
            }
            channel = true;
        }
        channelBroken |= present(contact, "url") && url == null;
        String email = text(contact, point, "email", MAX_ADDRESS, false, false);
        if (email != null) {
            if (EMAIL_PATTERN.matcher(email).matches()) {
                stored.put("email", email);
            } else {
                problem(point + ".email", "must be an e-mail address", EMAIL);
            }
            channel = true;
        }
        channelBroken |= present(contact, "email") && email == null;
        String phone = text(contact, point, "phone", MAX_TEXT, false, false);
        if (phone != null) {
            if (isPhone(phone)) {
                stored.put("phone", phone);
            } else {
                problem(point + ".phone", "must be '+', digits, spaces, '.', '-', '(' and ')' with 6 to 20 digits",
                        PHONE);
            }
            channel = true;
        }
        channelBroken |= present(contact, "phone") && phone == null;
        if (!channel && !channelBroken) {
            problem(point, "has no url, email or phone", NO_CHANNEL);
        }
    }

    /** Whether a non-blank value is there (a field that failed its checks is not a missing channel). */
    private static boolean present(ObjectNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && !(value.isTextual() && value.asText().isBlank());
    }

    private ObjectNode object(ObjectNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            problem(name, "is missing", MISSING);
            return null;
        }
        if (!node.isObject()) {
            problem(name, "must be a JSON object", TYPE);
            return null;
        }
        return (ObjectNode) node;
    }

    /**
     * The checked text of {@code parent.name}, or null when it is absent (a problem when
     * {@code required}) or broken (a problem recorded).
     */
    private String text(ObjectNode parent, String path, String name, int max, boolean required, boolean newlines) {
        String field = path.isEmpty() ? name : path + "." + name;
        JsonNode node = parent.get(name);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            if (required) {
                problem(field, "is missing", MISSING);
            }
            return null;
        }
        if (!node.isTextual()) {
            problem(field, "must be a string", TYPE);
            return null;
        }
        String value = node.asText();
        if (StrictJson.hasControl(value, newlines)) {
            problem(field, newlines ? "must not contain control characters other than line breaks"
                    : "must not contain control characters", CONTROL);
            return null;
        }
        if (StrictJson.length(value) > max) {
            problem(field, "must be at most " + max + " characters", TOO_LONG);
            return null;
        }
        return value;
    }

    private void unknownFields(ObjectNode node, String path, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(StrictJson.safeName(path, name), "is not a field of the notice", UNKNOWN_FIELD);
            }
        }
    }

    private void problem(String field, String text, String rule) {
        problems.add(new FileProblemException.Problem(field, text, rule));
    }

    static boolean isHttpsUrl(String text) {
        try {
            URI uri = new URI(text);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isEmpty()
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static boolean isPhone(String text) {
        if (!PHONE_PATTERN.matcher(text).matches()) {
            return false;
        }
        long digits = text.chars().filter(c -> c >= '0' && c <= '9').count();
        return digits >= 6 && digits <= 20;
    }
}
