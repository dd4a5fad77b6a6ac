package org.leakcheck.infrastructure;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * behaviour, every other one (Permissions-Policy, Cross-Origin-*) into its custom headers. When
 * the file is absent, {@link #defaults()} applies: the same policy, written down here.
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

    /** CSP used when the site's file is absent. */
    public static final String DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    /** Permissions-Policy used when the site's file is absent: every feature the page does not use is off. */
    public static final String DEFAULT_PERMISSIONS_POLICY = "accelerometer=(), autoplay=(), browsing-topics=(), "
            + "camera=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), "
            + "interest-cohort=(), magnetometer=(), microphone=(), midi=(), payment=(), "
            + "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()";

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

    /** The policy written down here, used when the site has no header list. */
    public static SecurityHeaders defaults() {
        Map<String, String> custom = new LinkedHashMap<>();
        custom.put("Permissions-Policy", DEFAULT_PERMISSIONS_POLICY);
        custom.put("Cross-Origin-Opener-Policy", "same-origin");
        return new SecurityHeaders(DEFAULT_CONTENT_SECURITY_POLICY, 63_072_000L, true, false, "DENY", "no-referrer",
                custom);
    }

    /**
     * Reads the site's header list, or falls back to {@link #defaults()} with a warning when the file
     * does not exist.
     */
    public static SecurityHeaders load(Path file, PrintStream warnings) {
        if (!Files.isRegularFile(file)) {
            warnings.println("WARNING: securityHeaders " + file + " not found; using the built-in header policy.");
            return defaults();
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
