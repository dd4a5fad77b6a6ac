package org.leakcheck.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The response headers CloudFront adds to every response, site and API alike.
 *
 * <p>The site owns the list: {@code website/security-headers.json} is what its end-to-end tests
 * serve the page with, so the CDN sends exactly what was tested. The headers CloudFront models
 * (CSP, HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy) go into its security-headers
 * behaviour, every other one (Permissions-Policy, Cross-Origin-*) into its custom headers. There is
 * no built-in policy: a second copy would drift from the one the site is tested with, so synthesis
 * fails when the file is missing.
 *
 * @param contentSecurityPolicy the CSP
 * @param hstsMaxAgeSeconds     HSTS max-age
 * @param hstsIncludeSubdomains HSTS includeSubDomains
 * @param hstsPreload           HSTS preload (commits the whole registrable domain: off by default)
 * @param frameOption           DENY or SAMEORIGIN
 * @param referrerPolicy        Referrer-Policy value, e.g. no-referrer
 * @param customHeaders         every other header, by name, in file order
 */
public record SecurityHeaders(String contentSecurityPolicy, long hstsMaxAgeSeconds, boolean hstsIncludeSubdomains,
                              boolean hstsPreload, String frameOption, String referrerPolicy,
                              Map<String, String> customHeaders) {

    /** Default path of the site's header list, relative to infrastructure/. */
    public static final String DEFAULT_FILE = "../website/security-headers.json";

    private static final Pattern MAX_AGE = Pattern.compile("(?i)max-age=(\\d+)");
    private static final Map<String, String> REFERRER_POLICIES = Map.of(
            "no-referrer", "NO_REFERRER", "no-referrer-when-downgrade", "NO_REFERRER_WHEN_DOWNGRADE",
            "origin", "ORIGIN", "origin-when-cross-origin", "ORIGIN_WHEN_CROSS_ORIGIN", "same-origin", "SAME_ORIGIN",
            "strict-origin", "STRICT_ORIGIN", "strict-origin-when-cross-origin", "STRICT_ORIGIN_WHEN_CROSS_ORIGIN",
            "unsafe-url", "UNSAFE_URL");

    public SecurityHeaders {
        if (contentSecurityPolicy == null || contentSecurityPolicy.isBlank()) {
            throw new InvalidParameterException("securityHeaders", "must contain a Content-Security-Policy");
        }
        if (hstsMaxAgeSeconds < 31_536_000L) {
            throw new InvalidParameterException("securityHeaders", "Strict-Transport-Security max-age must be at least one year");
        }
        if (!frameOption.equals("DENY") && !frameOption.equals("SAMEORIGIN")) {
            throw new InvalidParameterException("securityHeaders", "X-Frame-Options must be DENY or SAMEORIGIN");
        }
        if (!REFERRER_POLICIES.containsKey(referrerPolicy)) {
            throw new InvalidParameterException("securityHeaders", "Referrer-Policy must be a standard policy value");
        }
        customHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(customHeaders));
    }

    /**
     * Reads the site's header list.
     *
     * @throws UncheckedIOException naming the file, when it is missing or is not a JSON object of strings
     */
    public static SecurityHeaders load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException("securityHeaders: no such file " + file
                    + " (the site's response headers have no built-in default)", new NoSuchFileException(file.toString()));
        }
        Map<String, String> headers;
        try {
            headers = new ObjectMapper().readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("securityHeaders: cannot read " + file + " as a JSON object of strings", e);
        }
        return fromHeaders(headers);
    }

    /** Maps a header-name-to-value list onto CloudFront's model. Names are case-insensitive. */
    public static SecurityHeaders fromHeaders(Map<String, String> headers) {
        String csp = null;
        String hsts = null;
        String frame = null;
        String referrer = null;
        boolean nosniff = false;
        Map<String, String> custom = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String value = header.getValue().trim();
            switch (header.getKey().toLowerCase(Locale.ROOT)) {
                case "content-security-policy" -> csp = value;
                case "strict-transport-security" -> hsts = value;
                case "x-frame-options" -> frame = value.toUpperCase(Locale.ROOT);
                case "referrer-policy" -> referrer = value.toLowerCase(Locale.ROOT);
                case "x-content-type-options" -> nosniff = value.equalsIgnoreCase("nosniff");
                default -> custom.put(header.getKey(), value);
            }
        }
        if (!nosniff) {
            throw new InvalidParameterException("securityHeaders", "X-Content-Type-Options must be nosniff");
        }
        if (hsts == null) {
            throw new InvalidParameterException("securityHeaders", "must contain Strict-Transport-Security");
        }
        Matcher maxAge = MAX_AGE.matcher(hsts);
        if (!maxAge.find()) {
            throw new InvalidParameterException("securityHeaders", "Strict-Transport-Security needs a max-age");
        }
        String lower = hsts.toLowerCase(Locale.ROOT);
        return new SecurityHeaders(csp, Long.parseLong(maxAge.group(1)), lower.contains("includesubdomains"),
                lower.contains("preload"), frame == null ? "DENY" : frame,
                referrer == null ? "no-referrer" : referrer, custom);
    }

    /** Name of the CloudFront {@code HeadersReferrerPolicy} constant for {@link #referrerPolicy}. */
    String referrerPolicyConstant() {
        return REFERRER_POLICIES.get(referrerPolicy);
    }
}
