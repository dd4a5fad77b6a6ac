package org.leakcheck.function.cap;

import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who is calling, as the batch limit and the daily cap see it: the <b>public</b> or a
 * <b>registered API caller</b> (a partner).
 *
 * <ul>
 *   <li>No API key in the event: the public. API Gateway sets {@code requestContext.identity.apiKey}
 *       only on methods that require a key, and then only to a key it has checked (enabled, in a
 *       usage plan of the stage); where no key is required (LocalStack) it is absent.</li>
 *   <li>The site key, which CloudFront adds to every request it forwards: the public, through the page
 *       or anyone calling the CloudFront domain.</li>
 *   <li>Any other key API Gateway checked: a registered caller, whose usage plan (docs/deploy.md,
 *       "Registered API callers") throttles it and gives it a daily quota per key.</li>
 * </ul>
 * The site key is compared as a SHA-256 digest, in constant time; only the digest is kept.
 */
public final class Callers {
    private final Optional<byte[]> siteKeyDigest;

    private Callers(Optional<byte[]> siteKeyDigest) {
        this.siteKeyDigest = siteKeyDigest.map(byte[]::clone);
    }

    /**
     * @param siteKeyDigest {@link ClientResolver#digest} of the API key CloudFront sends, read from its
     *                      secret at init; empty where there is no CloudFront (LocalStack, the local server)
     */
    public static Callers withSiteKey(Optional<byte[]> siteKeyDigest) {
        return new Callers(siteKeyDigest);
    }

    /** Where no site key exists: every checked key is a registered caller's (the local server, tests). */
    public static Callers withoutSiteKey() {
        return new Callers(Optional.empty());
    }

    /** True when the site key is known, i.e. the deployment has CloudFront in front. */
    boolean knowsSiteKey() {
        return siteKeyDigest.isPresent();
    }

    /**
     * True when {@code apiKey}, the key API Gateway checked ({@code identity.apiKey}, may be null), is a
     * registered caller's: present, and not the site key.
     */
    public boolean registered(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return false;
        }
        return siteKeyDigest.isEmpty() || !MessageDigest.isEqual(ClientResolver.digest(apiKey), siteKeyDigest.get());
    }
}
