package org.leakcheck.loader.generate;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Spelling variants of names as found in real exports (upper case, accents dropped, hyphen as a
 * space...) and the ASCII slug used in e-mail addresses. Names come from small fixed lists, so
 * each form is computed once and cached.
 */
final class NameForms {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private final Map<String, String> upper = new ConcurrentHashMap<>();
    private final Map<String, String> lower = new ConcurrentHashMap<>();
    private final Map<String, String> unaccented = new ConcurrentHashMap<>();
    private final Map<String, String> slug = new ConcurrentHashMap<>();

    String upper(String name) {
        return upper.computeIfAbsent(name, n -> n.toUpperCase(Locale.ROOT));
    }

    String lower(String name) {
        return lower.computeIfAbsent(name, n -> n.toLowerCase(Locale.ROOT));
    }

    /** Accents removed as an old system would: "Lefèvre" to "Lefevre", "Lecœur" to "Lecoeur". */
    String unaccented(String name) {
        return unaccented.computeIfAbsent(name, NameForms::stripAccents);
    }

    /** Lower-case ASCII letters and hyphens only, for e-mail local parts: "N'Diaye" to "ndiaye". */
    String slug(String name) {
        return slug.computeIfAbsent(name, n -> {
            String ascii = stripAccents(n).toLowerCase(Locale.ROOT);
            StringBuilder b = new StringBuilder(ascii.length());
            for (int i = 0; i < ascii.length(); i++) {
                char c = ascii.charAt(i);
                if ((c >= 'a' && c <= 'z') || c == '-') {
                    b.append(c);
                }
            }
            return b.toString();
        });
    }

    static String stripAccents(String name) {
        String s = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        return s.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
                .replace("ø", "o").replace("Ø", "O");
    }
}
