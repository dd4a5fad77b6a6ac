package org.leakcheck.protocol.identity;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A person identified by canonical last name, canonical usual first name and birth date
 * (see {@link Names} and {@link BirthDates}).
 *
 * <p>Canonical encoding: {@code 0x02 || u16 len || last || u16 len || first || 0x00 0x0A || "YYYY-MM-DD"},
 * lengths big-endian, text ASCII (canonical names hold only {@code A-Z} and single spaces).
 *
 * @param lastName  canonical last name
 * @param firstName canonical first name
 * @param birthDate birth date, year 1880 to 2100
 */
public record NameDobIdentity(String lastName, String firstName, LocalDate birthDate) implements Identity {

    /**
     * @throws InvalidIdentityException if a field is invalid (rule of the first field at fault)
     * @throws IllegalArgumentException if a name is valid but not canonical (use {@link #parse})
     */
    public NameDobIdentity {
        if (!Names.canonicalLastName(lastName).equals(lastName)) {
            throw new IllegalArgumentException("lastName: not in canonical form, use NameDobIdentity.parse");
        }
        if (!Names.canonicalFirstName(firstName).equals(firstName)) {
            throw new IllegalArgumentException("firstName: not in canonical form, use NameDobIdentity.parse");
        }
        Objects.requireNonNull(birthDate, "birthDate");
        BirthDates.checkRange(birthDate.getYear());
    }

    /**
     * Canonicalizes typed input; fields are checked in the order last name, first name, birth date.
     *
     * @throws InvalidIdentityException naming the first field at fault and its rule
     */
    public static NameDobIdentity parse(String rawLast, String rawFirst, String rawDate) {
        String last = Names.canonicalLastName(rawLast);
        String first = Names.canonicalFirstName(rawFirst);
        LocalDate date = BirthDates.parse(rawDate);
        return new NameDobIdentity(last, first, date);
    }

    @Override
    public IdentityKind kind() {
        return IdentityKind.NAME_DOB;
    }

    @Override
    public byte[] canonicalBytes() {
        return CanonicalEncoding.encode(IdentityKind.NAME_DOB, lastName, firstName, BirthDates.canonical(birthDate));
    }

    /** Redacted: an identity must never reach a log line. */
    @Override
    public String toString() {
        return "NameDobIdentity[redacted]";
    }
}
