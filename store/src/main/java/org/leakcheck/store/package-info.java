/**
 * The DynamoDB adapter for leakcheck's bucket table, shared by the loader (writes, verify,
 * delete) and the buckets function (reads).
 *
 * <pre>
 *  loader ── writeBuckets (BatchWriteItem ×25, parallel, retried) ──▶ ┌──────────────────────────────┐
 *         ── putManifest (last: makes the dataset complete) ────────▶ │ bucket │ dataset │ entries  │
 *                                                                     │ 0..2^B-1│  D     │ P×32 B   │
 *  function ── manifests()   (Query bucket = -1) ───────────────────▶ │   -1   │  D     │ manifest │
 *           ── queryBucket(b) (Query bucket = b, all datasets) ─────▶ └──────────────────────────────┘
 * </pre>
 * {@link org.leakcheck.store.TableLayout} documents the attributes; the mapper is hand-written.
 * The module needs only the AWS SDK's DynamoDB client and its url-connection HTTP client.
 */
package org.leakcheck.store;
