/**
 * The Java client of the leakcheck lookup API (docs/protocol.md §7), for API callers.
 *
 * <pre>{@code
 * LeakcheckClient client = LeakcheckClient.create(URI.create("https://check.example.org"));
 * CheckResult result = client.check(NirIdentity.parse("1 85 05 78 006 048 30"));
 * if (result.found()) { result.exposures().forEach(e -> ...); }
 * }</pre>
 *
 * Only the bucket number and a blinded element leave the process; the verdict is computed
 * locally by {@link org.leakcheck.protocol.lookup.LookupClient}.
 */
package org.leakcheck.client;
