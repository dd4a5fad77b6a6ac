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
    private final FieldChecks checks = new FieldChecks(json, new FieldChecks.TextRules(StrictJson::length,
            StrictJson::hasControl, "must not contain control characters",
            "must not contain control characters other than line breaks"));

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
        checks.unknownFields(root, "", Set.copyOf(FIELDS));
        String controller = checks.text(root, "", "controller", MAX_CONTROLLER, true, true);
        if (controller != null) {
            out.put("controller", controller);
        }
        for (String language : List.of("fr", "en")) {
            ObjectNode texts = checks.object(root, language);
            ObjectNode stored = out.putObject(language);
            if (texts == null) {
                continue;
            }
            checks.unknownFields(texts, language, Set.copyOf(TEXTS));
            for (String name : TEXTS) {
                String value = checks.text(texts, language, name, name.equals("when") ? MAX_WHEN : MAX_TEXT, true, true);
                if (value != null) {
                    stored.put(name, value);
                }
            }
        }
        for (String point : List.of("contact", "dpo")) {
            ObjectNode contact = checks.object(root, point);
            ObjectNode stored = out.putObject(point);
            if (contact != null) {
                contact(contact, point, stored);
            }
        }
        checks.throwIfAny();
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
        checks.unknownFields(contact, point, Set.copyOf(CONTACT_FIELDS));
        String name = checks.text(contact, point, "name", MAX_NAME, true, true);
        if (name != null) {
            stored.put("name", name);
        }
        boolean channel = false;
        boolean channelBroken = false;
        String url = checks.text(contact, point, "url", MAX_ADDRESS, false, false);
        if (url != null) {
            if (isHttpsUrl(url)) {
                stored.put("url", url);
            } else {
                checks.problem(point + ".url", "must be an https URL with a host", "url");
            }
            channel = true;
        }
        channelBroken |= present(contact, "url") && url == null;
        String email = checks.text(contact, point, "email", MAX_ADDRESS, false, false);
        if (email != null) {
            if (EMAIL_PATTERN.matcher(email).matches()) {
                stored.put("email", email);
            } else {
                checks.problem(point + ".email", "must be an e-mail address", "email");
            }
            channel = true;
        }
        channelBroken |= present(contact, "email") && email == null;
        String phone = checks.text(contact, point, "phone", MAX_TEXT, false, false);
        if (phone != null) {
            if (isPhone(phone)) {
                stored.put("phone", phone);
            } else {
                checks.problem(point + ".phone", "must be '+', digits, spaces, '.', '-', '(' and ')' with 6 to 20 digits",
                        "phone");
            }
            channel = true;
        }
        channelBroken |= present(contact, "phone") && phone == null;
        if (!channel && !channelBroken) {
            checks.problem(point, "has no url, email or phone", "no-channel");
        }
    }

    /** Whether a non-blank value is there (a field that failed its checks is not a missing channel). */
    private static boolean present(ObjectNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && !(value.isTextual() && value.asText().isBlank());
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
