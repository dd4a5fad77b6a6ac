package org.leakcheck.loader.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.store.DatasetManifest;

/** The notice file's rules (docs/loader.md, "The notice"): each refusal names the field and the rule, never the value. Pure Java. */
class NoticeFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Put in the field under test: must never come back in a message. */
    private static final String SECRET = "Zq7Secret";

    @TempDir
    Path dir;

    private static ObjectNode valid() throws Exception {
        try (InputStream in = NoticeFileTest.class.getResourceAsStream("/org/leakcheck/loader/demo/notice.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static FileProblemException refused(Consumer<ObjectNode> change) throws Exception {
        ObjectNode notice = valid();
        change.accept(notice);
        FileProblemException e = assertThrows(FileProblemException.class, () -> NoticeFile.parse(notice.toString()));
        assertFalse(e.getMessage().contains(SECRET), "the value stays out of the message: " + e.getMessage());
        return e;
    }

    private static ObjectNode at(ObjectNode notice, String path) {
        return (ObjectNode) notice.get(path);
    }

    @Test
    void acceptsTheDemoNoticeAndStoresItCompactInTheDocumentedOrder() throws Exception {
        String stored = NoticeFile.parse(valid().toPrettyString());

        assertFalse(stored.contains("\n  "), "compact");
        JsonNode node = JSON.readTree(stored);
        List<String> order = new ArrayList<>();
        node.fieldNames().forEachRemaining(order::add);
        assertEquals(NoticeFile.FIELDS, order);
        List<String> fr = new ArrayList<>();
        node.get("fr").fieldNames().forEachRemaining(fr::add);
        assertEquals(NoticeFile.TEXTS, fr);
        assertEquals(valid().get("contact"), node.get("contact"));
    }

    @Test
    void reordersFieldsAndDropsBlankOptionalChannels() throws Exception {
        ObjectNode notice = JSON.createObjectNode();
        notice.set("dpo", valid().get("dpo"));
        notice.set("contact", valid().get("contact"));
        notice.set("en", valid().get("en"));
        notice.set("fr", valid().get("fr"));
        notice.set("controller", valid().get("controller"));
        at(notice, "dpo").put("phone", "  ");

        JsonNode stored = JSON.readTree(NoticeFile.parse(notice.toString()));

        assertEquals("controller", stored.fieldNames().next());
        assertFalse(stored.get("dpo").has("phone"), "a blank channel is absent");
    }

    @Test
    void refusesAMissingOrBlankRequiredFieldNamingIt() throws Exception {
        assertEquals("notice: fr.measures: is missing [notice.missing]",
                refused(n -> at(n, "fr").remove("measures")).getMessage());
        assertEquals("notice: controller: is missing [notice.missing]",
                refused(n -> n.put("controller", "   ")).getMessage());
        assertEquals("notice: dpo.name: is missing [notice.missing]",
                refused(n -> at(n, "dpo").remove("name")).getMessage());
        assertEquals("notice: en: is missing [notice.missing]", refused(n -> n.remove("en")).getMessage());
    }

    @Test
    void refusesAnUnknownFieldNamingItWhenItIsAnIdentifierOnly() throws Exception {
        assertEquals("notice: fr.summary: is not a field of the notice [notice.unknown-field]",
                refused(n -> at(n, "fr").put("summary", SECRET)).getMessage());
        FileProblemException sentence = refused(n -> n.put("Dear " + SECRET + " reader", "x"));
        assertEquals(List.of(NoticeFile.UNKNOWN_FIELD), sentence.rules());
        assertTrue(sentence.getMessage().contains("(a field)"), sentence.getMessage());
    }

    @Test
    void refusesAContactPointWithoutAnyChannel() throws Exception {
        FileProblemException e = refused(n -> {
            at(n, "contact").remove("url");
            at(n, "contact").remove("email");
            at(n, "contact").remove("phone");
        });

        assertEquals("notice: contact: has no url, email or phone [notice.no-channel]", e.getMessage());
    }

    @Test
    void refusesAUrlThatIsNotHttpsWithAHost() throws Exception {
        for (String url : List.of("http://example.org/" + SECRET, "https:///" + SECRET, "javascript:alert('" + SECRET + "')",
                "https://" + SECRET + "@example.org/", "ftp://example.org/" + SECRET, SECRET)) {
            FileProblemException e = refused(n -> at(n, "contact").put("url", url));
            assertEquals("notice: contact.url: must be an https URL with a host [notice.url]", e.getMessage(), url);
        }
    }

    @Test
    void refusesAMalformedEmailOrPhone() throws Exception {
        assertEquals(List.of(NoticeFile.EMAIL), refused(n -> at(n, "dpo").put("email", SECRET + "@example")).rules());
        assertEquals(List.of(NoticeFile.EMAIL), refused(n -> at(n, "dpo").put("email", SECRET + " x@example.org")).rules());
        assertEquals(List.of(NoticeFile.PHONE), refused(n -> at(n, "contact").put("phone", "01 23 " + SECRET)).rules());
        assertEquals(List.of(NoticeFile.PHONE), refused(n -> at(n, "contact").put("phone", "12345")).rules(),
                "fewer than 6 digits");
        assertEquals(List.of(NoticeFile.PHONE), refused(n -> at(n, "contact").put("phone", "1".repeat(21))).rules(),
                "more than 20 digits");
        assertEquals(List.of(NoticeFile.PHONE), refused(n -> at(n, "contact").put("phone", "01 + 23 45 67")).rules(),
                "'+' only first");
        assertEquals("notice: dpo.email: must be an e-mail address [notice.email]",
                refused(n -> at(n, "dpo").put("email", SECRET)).getMessage());
    }

    @Test
    void acceptsThePhoneFormsOfTheRule() throws Exception {
        for (String phone : List.of("+33 (0)1 99 00 12 34", "01.99.00.12.34", "01-99-00-12-34", "123456")) {
            ObjectNode notice = valid();
            at(notice, "contact").put("phone", phone);
            assertEquals(phone, JSON.readTree(NoticeFile.parse(notice.toString())).get("contact").get("phone").asText());
        }
    }

    @Test
    void refusesTextsOverTheirLimitsAndTakesThemAtTheLimit() throws Exception {
        assertEquals("notice: controller: must be at most 300 characters [notice.too-long]",
                refused(n -> n.put("controller", SECRET + "x".repeat(300))).getMessage());
        assertEquals(List.of(NoticeFile.TOO_LONG), refused(n -> at(n, "en").put("when", "x".repeat(201))).rules());
        assertEquals(List.of(NoticeFile.TOO_LONG), refused(n -> at(n, "contact").put("name", "x".repeat(201))).rules());
        assertEquals(List.of(NoticeFile.TOO_LONG),
                refused(n -> at(n, "dpo").put("url", "https://example.org/" + "x".repeat(481))).rules());
        assertEquals(List.of(NoticeFile.TOO_LONG), refused(n -> at(n, "fr").put("measures", "x".repeat(10_001))).rules());

        ObjectNode atLimit = valid();
        at(atLimit, "fr").put("measures", "é".repeat(10_000));
        at(atLimit, "en").put("when", "😀".repeat(200));
        atLimit.put("controller", "x".repeat(300));
        JsonNode stored = JSON.readTree(NoticeFile.parse(atLimit.toString()));
        assertEquals(10_000, stored.get("fr").get("measures").asText().length());
    }

    @Test
    void refusesControlCharactersButLineBreaks() throws Exception {
        assertEquals("notice: fr.whatToDo: must not contain control characters other than line breaks [notice.control]",
                refused(n -> at(n, "fr").put("whatToDo", SECRET + "\u0007")).getMessage());
        assertEquals(List.of(NoticeFile.CONTROL), refused(n -> at(n, "en").put("measures", "a\rb")).rules());
        assertEquals(List.of(NoticeFile.CONTROL), refused(n -> n.put("controller", "a\u0085b")).rules(), "C1 NEL");
        ObjectNode lines = valid();
        at(lines, "fr").put("measures", "Première mesure.\nDeuxième mesure.");
        assertTrue(NoticeFile.parse(lines.toString()).contains("\\n"));
    }

    @Test
    void acceptsAHostileNoticeAsInertText() throws Exception {
        ObjectNode hostile = valid();
        String markup = "<script>alert(1)</script><img src=x onerror=alert(2)>\u202Egnp.exe\u202C \u2066x\u2069 &amp;";
        at(hostile, "fr").put("whatHappened", markup + "x".repeat(10_000 - markup.length()));
        at(hostile, "en").put("measures", "\"quoted\" \\ backslash </textarea>");
        hostile.put("controller", "Laboratoire <b>Exemple</b>");

        JsonNode stored = JSON.readTree(NoticeFile.parse(hostile.toString()));

        assertTrue(stored.get("fr").get("whatHappened").asText().startsWith(markup), "stored as given");
        assertEquals("Laboratoire <b>Exemple</b>", stored.get("controller").asText());
    }

    @Test
    void refusesWrongTypesMalformedJsonAndDuplicateFields() throws Exception {
        assertEquals("notice: fr.when: must be a string [notice.type]",
                refused(n -> at(n, "fr").put("when", 2021)).getMessage());
        assertEquals(List.of(NoticeFile.TYPE), refused(n -> n.put("contact", SECRET)).rules());
        FileProblemException malformed = assertThrows(FileProblemException.class,
                () -> NoticeFile.parse("{\"controller\": \"" + SECRET + "\",\n \"fr\": {"));
        assertEquals(List.of(NoticeFile.JSON), malformed.rules());
        assertTrue(malformed.getMessage().contains("line 2"), malformed.getMessage());
        assertFalse(malformed.getMessage().contains(SECRET));
        FileProblemException twice = assertThrows(FileProblemException.class,
                () -> NoticeFile.parse("{\"controller\": \"a\", \"controller\": \"" + SECRET + "\"}"));
        assertEquals(List.of(NoticeFile.DUPLICATE_FIELD), twice.rules());
        assertEquals(List.of("notice.type"),
                assertThrows(FileProblemException.class, () -> NoticeFile.parse("[]")).rules());
    }

    @Test
    void reportsEveryProblemAtOnceInFieldOrder() throws Exception {
        FileProblemException e = refused(n -> {
            n.remove("controller");
            at(n, "en").put("whatToDo", "");
            at(n, "dpo").put("url", "http://example.org/" + SECRET);
        });

        assertEquals(List.of(NoticeFile.MISSING, NoticeFile.MISSING, NoticeFile.URL), e.rules());
        assertEquals("notice: controller: is missing [notice.missing]; en.whatToDo: is missing [notice.missing];"
                + " dpo.url: must be an https URL with a host [notice.url]", e.getMessage());
    }

    @Test
    void readsAFileWithAByteOrderMarkAndRefusesOneThatIsNotUtf8() throws Exception {
        Path bom = dir.resolve("bom.json");
        byte[] body = valid().toString().getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(bom, withBom);
        assertTrue(NoticeFile.read(bom).startsWith("{\"controller\""));

        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, valid().toString().getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of(NoticeFile.JSON), assertThrows(FileProblemException.class, () -> NoticeFile.read(latin1)).rules());
    }

    @Test
    void refusesANoticeTooLargeForTheManifestItem() throws Exception {
        ObjectNode huge = valid();
        // 8 texts of 10,000 characters of 4 bytes each: every field within its limit, 320 KB in all.
        String wide = "😀".repeat(10_000);
        for (String language : List.of("fr", "en")) {
            for (String text : List.of("whatHappened", "consequences", "measures", "whatToDo")) {
                at(huge, language).put(text, wide);
            }
        }

        FileProblemException e = assertThrows(FileProblemException.class, () -> NoticeFile.parse(huge.toString()));

        assertEquals("notice: (whole notice): is longer than " + DatasetManifest.MAX_NOTICE_BYTES
                + " bytes in UTF-8 once stored [notice.too-long]", e.getMessage());
    }
}
