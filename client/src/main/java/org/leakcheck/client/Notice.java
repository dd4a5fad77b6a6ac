package org.leakcheck.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A dataset's Art. 34(2) notice, as {@code /v2/info} publishes it (docs/protocol.md §7.4): who the
 * controller is, what happened, and whom to ask. Every text is the operator's, served as data:
 * show it as text, never as markup, and strip control characters before printing it to a terminal
 * ({@link #printable(String)}).
 *
 * @param controller the data controller (name and address)
 * @param fr         the texts in French
 * @param en         the texts in English
 * @param contact    the controller's contact point
 * @param dpo        the data protection officer's contact point
 */
public record Notice(String controller, Texts fr, Texts en, Contact contact, Contact dpo) {

    public Notice {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(fr, "fr");
        Objects.requireNonNull(en, "en");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(dpo, "dpo");
    }

    /** The texts of one language; a text the service left out is empty. */
    public record Texts(String whatHappened, String when, String consequences, String measures, String whatToDo) {
    }

    /**
     * A contact point: a name and at least one channel.
     *
     * @param name  who to contact
     * @param url   an https URL, if given
     * @param email an e-mail address, if given
     * @param phone a phone number, if given
     */
    public record Contact(String name, Optional<String> url, Optional<String> email, Optional<String> phone) {
        public Contact {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(phone, "phone");
        }

        /** {@code name — url, email, phone} (the channels given), as one printable line. */
        public String line() {
            StringBuilder line = new StringBuilder(printable(name));
            String separator = " — ";
            for (Optional<String> channel : java.util.List.of(url, email, phone)) {
                if (channel.isPresent()) {
                    line.append(separator).append(printable(channel.get()));
                    separator = ", ";
                }
            }
            return line.toString();
        }
    }

    /**
     * {@code text} on one line, safe for a terminal: every control character (C0, DEL, C1, line
     * and paragraph separators) and every bidirectional formatting character becomes a space, so
     * that a hostile notice can neither move the cursor nor reorder what is printed around it.
     */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            boolean bidi = (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                    || c == '\u200e' || c == '\u200f' || c == '\u061c';
            out.append(control || bidi ? ' ' : c);
        }
        return out.toString().strip();
    }
}
