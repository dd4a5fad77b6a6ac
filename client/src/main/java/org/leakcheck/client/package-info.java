/**
 * The Java client of the leakcheck lookup API, protocol version 2 (docs/protocol.md §7), for API
 * callers. It pins the service's public key: there is no default.
 *
 * <pre>{@code
 * PinnedKey key = PinnedKey.parse(Files.readString(Path.of("key.pub.json")));
 * LeakcheckClient client = LeakcheckClient.builder(URI.create("https://check.example.org")).pinnedKey(key).build();
 * List<CheckResult> results = client.check(List.of(NirIdentity.parse("1 85 05 78 006 048 30"),
 *         NameDobIdentity.parse("d'Artagnan", "Charles", "23/11/1961")));
 * // With the factor a membership or gated dataset asks for: per dataset, the kinds, or
 * // "found, the details need the (right) factor".
 * List<CheckResult> withFactor = client.check(List.of(NirIdentity.parse("1 85 05 78 006 048 30")),
 *         Optional.of("0123 456 789"));
 *
 * // An organization's members, streamed (a registered caller's key: 64 persons per evaluation);
 * // one result per person, in input order (docs/batch.md).
 * LeakcheckClient registered = LeakcheckClient.builder(api).pinnedKey(key).apiKey(apiKey).build();
 * try (BatchRun run = registered.checkAll(members.iterator(), BatchOptions.defaults())) {
 *     run.forEachRemaining(result -> record(result.index(), result.byDataset(), result.error()));
 * }
 * }</pre>
 *
 * Only blinded elements and bucket numbers derived from the service's verified answer leave the
 * process; every submission has the same shape whatever was asked. The verdicts are computed
 * locally by {@link org.leakcheck.protocol.lookup.LookupClient}.
 */
package org.leakcheck.client;
