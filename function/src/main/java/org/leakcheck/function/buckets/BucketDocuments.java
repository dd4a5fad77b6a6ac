package org.leakcheck.function.buckets;

import java.util.List;

import org.leakcheck.function.BatchLimit;
import org.leakcheck.function.http.Json;
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.store.DatasetManifest;

/**
 * The JSON documents of the buckets function (docs/protocol.md §7.3, §7.4), written field by
 * field in the documented order, so that the same data always gives the same bytes (and ETag).
 *
 * <pre>
 * bucket  {"dataset", "load", "bucket", "entries": "&lt;base64url, P × 32 bytes&gt;"}
 * info    {"protocolVersion": 2, "suite", "mode", "publicKey", "keyId", "batch": {"page", "limit", "max"},
 *          "datasets": [{"id", "load", "bucketBits", "paddedSize", "entrySize", "title", "description",
 *                        "patients", "entries", "loadedAt"}]}
 * </pre>
 */
public final class BucketDocuments {

    private BucketDocuments() {
    }

    /** The answer to {@code GET /v2/buckets/{dataset}/{load}/{bucket}}. */
    public static String bucket(ServedBucket served) {
        DatasetManifest manifest = served.manifest();
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("dataset", manifest.datasetId());
            json.writeStringField("load", manifest.loadId());
            json.writeNumberField("bucket", served.bucket());
            json.writeStringField("entries", Base64Url.encode(served.entries()));
            json.writeEndObject();
        });
    }

    /**
     * The answer to {@code GET /v2/info}.
     *
     * @param publicKey  the deployment's public key and its id
     * @param batchLimit the evaluate route's limit, announced as {@code batch.limit}
     * @param served     the served datasets, in the order to list them
     */
    public static String info(PinnedKey publicKey, BatchLimit batchLimit, List<DatasetManifest> served) {
        return Json.write(json -> {
            json.writeStartObject();
            json.writeNumberField("protocolVersion", Labels.PROTOCOL_VERSION);
            json.writeStringField("suite", Oprf.SUITE);
            json.writeStringField("mode", Oprf.VERIFIABLE.mode().name());
            json.writeStringField("publicKey", publicKey.publicKeyBase64Url());
            json.writeStringField("keyId", publicKey.keyId());
            json.writeObjectFieldStart("batch");
            json.writeNumberField("page", BatchLimit.PAGE);
            json.writeNumberField("limit", batchLimit.value());
            json.writeNumberField("max", BatchLimit.MAX);
            json.writeEndObject();
            json.writeArrayFieldStart("datasets");
            for (DatasetManifest manifest : served) {
                json.writeStartObject();
                json.writeStringField("id", manifest.datasetId());
                json.writeStringField("load", manifest.loadId());
                json.writeNumberField("bucketBits", manifest.bucketBits());
                json.writeNumberField("paddedSize", manifest.paddedBucketSize());
                json.writeNumberField("entrySize", manifest.entrySize());
                json.writeStringField("title", manifest.title() == null ? "" : manifest.title());
                json.writeStringField("description", manifest.description() == null ? "" : manifest.description());
                json.writeNumberField("patients", manifest.patients());
                json.writeNumberField("entries", manifest.entries());
                json.writeStringField("loadedAt", manifest.loadedAt().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
