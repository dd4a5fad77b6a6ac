package org.leakcheck.cli.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered callers' API keys that the local server accepts, as API Gateway accepts the keys of
 * the partner usage plans (docs/deploy.md, "Registered API callers"), and optionally their plan's
 * daily quota. A request to the API whose {@code x-api-key} is one of them reaches the handlers as a
 * registered caller (its event's {@code identity.apiKey} is set, as API Gateway sets it once it has
 * checked a key); one whose {@code x-api-key} is none of them gets API Gateway's 403; one without
 * {@code x-api-key} is the public, as if it came through CloudFront with the site key.
 *
 * <p>Only the SHA-256 of each key is kept, and a presented key is compared with every one of them
 * in constant time. A key is named by its {@link Partner#apiKeyId() apiKeyId}, a short hash, never by
 * its value; errors name the file and line, never the key.
 */
public final class PartnerKeys {
    /** API Gateway's bounds on an API key value. */
    public static final int MIN_LENGTH = 20;
    public static final int MAX_LENGTH = 128;
    /** What {@link #newKey()} draws: 30 random bytes, 40 base64url characters. */
    private static final int NEW_KEY_BYTES = 30;
    private static final String KEY_ID_LABEL = "leakcheck local apiKeyId\u0000";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One registered key: its digest and its public name. */
    record Partner(byte[] digest, String apiKeyId) {
    }

    /**
     * What the gateway does with a request: {@code partner} is set only for {@link Outcome#PARTNER}.
     */
    record Admission(Outcome outcome, Partner partner) {
    }

    /** The gateway's answer before any handler runs. */
    enum Outcome { PUBLIC, PARTNER, FORBIDDEN, QUOTA_EXCEEDED }

    private final List<Partner> partners;
    private final int dailyQuota;
    private final Clock clock;
    /** Per partner (by identity: each {@link Partner} holds its own digest array): {UTC epoch day, requests}. */
    private final Map<Partner, long[]> used = new ConcurrentHashMap<>();

    private PartnerKeys(List<Partner> partners, int dailyQuota, Clock clock) {
        this.partners = List.copyOf(partners);
        this.dailyQuota = dailyQuota;
        this.clock = clock;
    }

    /** No registered caller: every request is the public, and an {@code x-api-key} gets 403. */
    public static PartnerKeys none() {
        return new PartnerKeys(List.of(), 0, Clock.systemUTC());
    }

    /**
     * These keys, without a quota.
     *
     * @throws IllegalArgumentException naming the key's position (1-based), never its value, when one
     *                                  is not 20 to 128 printable ASCII characters or repeats another
     */
    public static PartnerKeys of(List<String> keys) {
        List<Partner> partners = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String problem = add(partners, keys.get(i));
            if (problem != null) {
                throw new IllegalArgumentException("partner key " + (i + 1) + ": " + problem);
            }
        }
        return new PartnerKeys(partners, 0, Clock.systemUTC());
    }

    /**
     * The keys of {@code file}: one a line; blank lines and lines starting with {@code #} are skipped,
     * and spaces around a key are ignored.
     *
     * @throws IllegalArgumentException naming the file and the line, never the key, when a line is not a
     *                                  key of 20 to 128 printable ASCII characters, repeats another, or
     *                                  when the file holds no key
     * @throws IOException              when the file cannot be read
     */
    public static PartnerKeys read(Path file) throws IOException {
        // ISO-8859-1 maps every byte to one char: a byte outside printable ASCII is refused below, not decoded.
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        List<Partner> partners = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String problem = add(partners, line);
            if (problem != null) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + problem);
            }
        }
        if (partners.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no partner key (one key a line; # starts a comment)");
        }
        return new PartnerKeys(partners, 0, Clock.systemUTC());
    }

    /** Adds {@code key}'s partner; returns what is wrong with it instead, or null. */
    private static String add(List<Partner> partners, String key) {
        if (key == null || key.length() < MIN_LENGTH || key.length() > MAX_LENGTH) {
            return "a partner key must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long";
        }
        if (!printable(key)) {
            return "a partner key must be printable ASCII, without spaces";
        }
        byte[] digest = sha256(key);
        for (Partner other : partners) {
            if (MessageDigest.isEqual(other.digest(), digest)) {
                return "this key is given twice";
            }
        }
        partners.add(new Partner(digest, apiKeyId(key)));
        return null;
    }

    /**
     * The same keys with API Gateway's daily quota of a usage plan: each key may make
     * {@code requestsPerDay} API requests per UTC day (on {@code clock}); the next ones get 429.
     */
    public PartnerKeys withDailyQuota(int requestsPerDay, Clock clock) {
        if (requestsPerDay < 1) {
            throw new IllegalArgumentException("the daily quota must be a positive number of requests");
        }
        return new PartnerKeys(partners, requestsPerDay, clock);
    }

    /** How many keys are registered. */
    public int size() {
        return partners.size();
    }

    /**
     * A fresh key: 40 base64url characters from 30 random bytes (240 bits), within API Gateway's
     * bounds.
     */
    public static String newKey() {
        byte[] bytes = new byte[NEW_KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Writes a {@link #newKey()} to {@code file} (one line), readable and writable by its owner only
     * where the file system has POSIX permissions; an existing file is replaced.
     */
    public static Path writeNewKeyFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(parent, ".partner", ".key");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's ACL applies.
            }
            Files.writeString(temporary, newKey() + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return file;
    }

    /**
     * What API Gateway does with a request to the API that carries these {@code x-api-key} values
     * (none, one, or several).
     */
    Admission admit(List<String> presented) {
        if (presented.isEmpty()) {
            return new Admission(Outcome.PUBLIC, null);
        }
        if (presented.size() != 1) {
            return new Admission(Outcome.FORBIDDEN, null);
        }
        Partner partner = printable(presented.get(0)) ? match(presented.get(0)) : null;
        if (partner == null) {
            return new Admission(Outcome.FORBIDDEN, null);
        }
        if (dailyQuota > 0 && !count(partner)) {
            return new Admission(Outcome.QUOTA_EXCEEDED, null);
        }
        return new Admission(Outcome.PARTNER, partner);
    }

    private static boolean printable(String key) {
        return key != null && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    /** The partner whose key is {@code key}, or null; compares with every key, in constant time each. */
    private Partner match(String key) {
        byte[] digest = sha256(key);
        Partner found = null;
        for (Partner partner : partners) {
            if (MessageDigest.isEqual(partner.digest(), digest)) {
                found = partner;
            }
        }
        return found;
    }

    /** Counts one request of {@code partner} today; false once its quota is used up. */
    private boolean count(Partner partner) {
        long day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toEpochDay();
        long[] state = used.computeIfAbsent(partner, p -> new long[] {day, 0});
        synchronized (state) {
            if (state[0] != day) {
                state[0] = day;
                state[1] = 0;
            }
            if (state[1] >= dailyQuota) {
                return false;
            }
            state[1]++;
            return true;
        }
    }

    /** A stable public name of {@code key}: 10 hex characters of a labelled SHA-256, like API Gateway's ids. */
    static String apiKeyId(String key) {
        return HexFormat.of().formatHex(sha256(KEY_ID_LABEL + key), 0, 5);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.ISO_8859_1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
