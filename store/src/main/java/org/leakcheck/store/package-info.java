/**
 * The DynamoDB adapter for leakcheck's bucket table ({@code docs/protocol.md} §6.4), shared by
 * the loader (writes, verify, delete) and the buckets function (reads).
 *
 * <pre>
 *  loader ── 1 writeBuckets(D,L) (BatchWriteItem ×25, parallel, retried) ─▶ ┌───────────┬─────────┬──────────┐
 *         ── 2 putManifest (names L: makes it the served load) ──────────▶ │ bucket    │ dataset │          │
 *         ── 3 deleteOtherLoads (items of D under any other load) ───────▶ │ 0..2^B-1  │ D#L     │ P×32 B   │
 *  function ── manifests()        (Query bucket = -1) ───────────────────▶ │ -1        │ D       │ manifest │
 *           ── bucketEntries(L,b) (GetItem (b, D#L)) ────────────────────▶ └───────────┴─────────┴──────────┘
 * </pre>
 * {@link org.leakcheck.store.TableLayout} documents the attributes; the mapper is hand-written.
 * Dataset ids, bucket bits and load ids follow the protocol module's rules
 * ({@code DatasetIds}, {@code BucketBits}, {@code DatasetLoad}). The module needs only those, the
 * AWS SDK's DynamoDB client and its url-connection HTTP client. {@link org.leakcheck.store.DynamoDbClients}
 * is the one factory of DynamoDB clients, {@link org.leakcheck.store.BucketReader} the read port
 * the buckets function takes, and {@link org.leakcheck.store.Progress} the one progress interface.
 * Every item carries the TTL attribute {@code expiresAt} (the dataset's {@code servedUntil} plus a
 * 30-day grace, {@link org.leakcheck.store.TableLayout#TTL_GRACE}), so that a leak's data deletes
 * itself after its communication ends.
 */
package org.leakcheck.store;
