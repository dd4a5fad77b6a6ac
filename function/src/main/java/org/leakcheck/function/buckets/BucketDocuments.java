package org.leakcheck.function.buckets;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.function.http.Json;
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.FactorLabel;

/**
 * The JSON documents of the buckets function (docs/protocol.md §7.3, §7.4), written field by
 * field in the documented order, so that the same data always gives the same bytes (and ETag).
 *
 * <pre>
 * bucket  {"dataset", "load", "bucket", "entries": "&lt;base64url, P × 32 bytes&gt;"}
 * info    {"protocolVersion": 2, "suite", "mode", "publicKey", "keyId", "batch": {"page", "limit", "max"},
 *          "datasets": [served: {"id", "status": "served", "load", "bucketBits", "paddedSize", "entrySize",
 *                                "title", "description", "patients", "entries", "loadedAt", "servedUntil",
 *                                "disclosure", "exposedKinds": [...], "factor": {"label", "hint"} (not when open),
 *                                "notice": {...}}
 *                       ended:  {"id", "status": "ended", "title", "description", "servedUntil", "disclosure",
 *                                "notice": {...}}]}
 * feed    JSON Feed 1.1: {"version", "title", "description", "items": [{"id": "D/L" (or "D" once ended),
 *          "title", "content_text", "date_published", "_leakcheck": {"dataset", "status", "servedUntil",
 *          "disclosure"}}]}
 * </pre>
 *
 * An ended dataset keeps only what tells a person it was there and whom to ask: no load, so that
 * no client reads its buckets. The notice is the manifest's, re-written by {@link NoticeJson}.
 */
public final class BucketDocuments {

    /** The {@code version} of a JSON Feed 1.1 document. */
    public static final String JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";
    static final String FEED_TITLE = "leakcheck: the datasets of this service";
    static final String FEED_DESCRIPTION = "Every dataset this service serves or has served, newest first. "
            + "Check again when a dataset is added; nothing about you is collected or stored.";

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
     * @param batchLimit the registered callers' limit, announced as {@code batch.limit} (the public's is {@code batch.page})
     * @param listing    the listed datasets, served and ended, in the order to list them
     */
    public static String info(PinnedKey publicKey, PartnerBatchLimit batchLimit, Listing listing) {
        return Json.write(json -> {
            json.writeStartObject();
            json.writeNumberField("protocolVersion", Labels.PROTOCOL_VERSION);
            json.writeStringField("suite", Oprf.SUITE);
            json.writeStringField("mode", Oprf.VERIFIABLE.mode().name());
            json.writeStringField("publicKey", publicKey.publicKeyBase64Url());
            json.writeStringField("keyId", publicKey.keyId());
            json.writeObjectFieldStart("batch");
            json.writeNumberField("page", PartnerBatchLimit.PAGE);
            json.writeNumberField("limit", batchLimit.value());
            json.writeNumberField("max", PartnerBatchLimit.MAX);
            json.writeEndObject();
            json.writeArrayFieldStart("datasets");
            for (ListedDataset dataset : listing.datasets()) {
                if (listing.isServed(dataset)) {
                    served(json, dataset);
                } else {
                    ended(json, dataset);
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void served(JsonGenerator json, ListedDataset dataset) throws IOException {
        DatasetManifest manifest = dataset.manifest();
        json.writeStartObject();
        json.writeStringField("id", manifest.datasetId());
        json.writeStringField("status", "served");
        json.writeStringField("load", manifest.loadId());
        json.writeNumberField("bucketBits", manifest.bucketBits());
        json.writeNumberField("paddedSize", manifest.paddedBucketSize());
        json.writeNumberField("entrySize", manifest.entrySize());
        json.writeStringField("title", text(manifest.title()));
        json.writeStringField("description", text(manifest.description()));
        json.writeNumberField("patients", manifest.patients());
        json.writeNumberField("entries", manifest.entries());
        json.writeStringField("loadedAt", manifest.loadedAt().toString());
        json.writeStringField("servedUntil", manifest.servedUntil().toString());
        json.writeStringField("disclosure", manifest.disclosure().label());
        json.writeArrayFieldStart("exposedKinds");
        for (ExposureKind kind : ExposureKind.fromMask(manifest.exposedMask())) {
            json.writeString(kind.name());
        }
        json.writeEndArray();
        FactorLabel factor = manifest.factor();
        if (factor != null) {
            json.writeObjectFieldStart("factor");
            inLanguages(json, "label", factor.labelFr(), factor.labelEn());
            inLanguages(json, "hint", factor.hintFr(), factor.hintEn());
            json.writeEndObject();
        }
        json.writeFieldName("notice");
        json.writeRawValue(dataset.notice());
        json.writeEndObject();
    }

    /** {@code "name": {"fr": fr, "en": en}}. */
    private static void inLanguages(JsonGenerator json, String name, String fr, String en) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeStringField("fr", fr);
        json.writeStringField("en", en);
        json.writeEndObject();
    }

    private static void ended(JsonGenerator json, ListedDataset dataset) throws IOException {
        DatasetManifest manifest = dataset.manifest();
        json.writeStartObject();
        json.writeStringField("id", manifest.datasetId());
        json.writeStringField("status", "ended");
        json.writeStringField("title", text(manifest.title()));
        json.writeStringField("description", text(manifest.description()));
        json.writeStringField("servedUntil", manifest.servedUntil().toString());
        json.writeStringField("disclosure", manifest.disclosure().label());
        json.writeFieldName("notice");
        json.writeRawValue(dataset.notice());
        json.writeEndObject();
    }

    /**
     * The answer to {@code GET /v2/feed.json}: JSON Feed 1.1, one item per listed dataset, the
     * newest load first. Plain text only ({@code content_text}, never {@code content_html}). An
     * item's id names the load, so a reload is a new item for feed readers; once the dataset has
     * ended, it names the dataset alone.
     */
    public static String feed(Listing listing) {
        List<ListedDataset> newestFirst = listing.datasets().stream()
                .sorted(Comparator.comparing((ListedDataset d) -> d.manifest().loadedAt()).reversed()
                        .thenComparing(d -> d.manifest().datasetId()))
                .toList();
        return Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("version", JSON_FEED_VERSION);
            json.writeStringField("title", FEED_TITLE);
            json.writeStringField("description", FEED_DESCRIPTION);
            json.writeArrayFieldStart("items");
            for (ListedDataset dataset : newestFirst) {
                DatasetManifest manifest = dataset.manifest();
                boolean served = listing.isServed(dataset);
                String title = text(manifest.title());
                String description = text(manifest.description());
                String until = manifest.servedUntil().toString();
                json.writeStartObject();
                json.writeStringField("id", served ? manifest.datasetId() + "/" + manifest.loadId() : manifest.datasetId());
                json.writeStringField("title", title.isBlank() ? manifest.datasetId() : title);
                json.writeStringField("content_text", (description.isBlank() ? "" : description + "\n\n")
                        + (served ? "Served until " + until + "." : "Served until " + until + "; no longer served."));
                json.writeStringField("date_published", manifest.loadedAt().toString());
                json.writeObjectFieldStart("_leakcheck");
                json.writeStringField("dataset", manifest.datasetId());
                json.writeStringField("status", served ? "served" : "ended");
                json.writeStringField("servedUntil", until);
                json.writeStringField("disclosure", manifest.disclosure().label());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
