package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Mapping the site's header list onto CloudFront's response-headers model. Pure Java: no synthesis. */
class SecurityHeadersTest {

    private static Map<String, String> siteLike() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Permissions-Policy", "camera=(), microphone=()");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
        return headers;
    }

    @Test
    void mapsModelledHeadersToCloudFrontFieldsAndTheRestToCustomHeaders() {
        SecurityHeaders headers = SecurityHeaders.fromHeaders(siteLike());
        assertEquals("default-src 'none'; frame-ancestors 'none'", headers.contentSecurityPolicy());
        assertEquals(63_072_000L, headers.hstsMaxAgeSeconds());
        assertTrue(headers.hstsIncludeSubdomains());
        assertFalse(headers.hstsPreload());
        assertEquals("DENY", headers.frameOption());
        assertEquals("NO_REFERRER", headers.referrerPolicyConstant());
        assertEquals(List.of("Permissions-Policy", "Cross-Origin-Opener-Policy"),
                List.copyOf(headers.customHeaders().keySet()));
    }

    @Test
    void rejectsAListWithoutNosniffOrWithAShortHsts() {
        Map<String, String> noNosniff = siteLike();
        noNosniff.remove("X-Content-Type-Options");
        assertThrows(InvalidParameterException.class, () -> SecurityHeaders.fromHeaders(noNosniff));
        Map<String, String> shortHsts = siteLike();
        shortHsts.put("Strict-Transport-Security", "max-age=300");
        assertThrows(InvalidParameterException.class, () -> SecurityHeaders.fromHeaders(shortHsts));
    }

    @Test
    void refusesToSynthesizeWithoutTheSitesListAndNamesTheFile() {
        Path missing = Path.of("does-not-exist.json").toAbsolutePath();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SecurityHeaders.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void readsTheSitesOwnList() {
        SecurityHeaders headers = SecurityHeaders.load(Path.of(SecurityHeaders.DEFAULT_FILE));
        assertTrue(headers.contentSecurityPolicy().contains("frame-ancestors 'none'"));
        assertTrue(headers.customHeaders().get("Permissions-Policy").contains("camera=()"));
    }
}
