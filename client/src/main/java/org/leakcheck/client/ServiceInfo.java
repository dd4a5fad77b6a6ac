package org.leakcheck.client;

import java.util.List;
import java.util.Optional;

import org.leakcheck.protocol.keys.PinnedKey;

/**
 * {@code GET /v2/info}, checked (docs/protocol.md §7.4, §7.5): the service runs protocol 2,
 * P256-SHA256, VOPRF, under the pinned key.
 *
 * @param publicKey  the service's key, equal to the pinned one
 * @param batchPage  Q, the page's submission size ({@code batch.page})
 * @param batchLimit the most elements this caller may send ({@code batch.limit})
 * @param batchMax   the documented maximum of any caller ({@code batch.max})
 * @param datasets   the served datasets this client can search (others are ignored, §7.5)
 * @param ended      the datasets listed as ended: never searched
 */
public record ServiceInfo(PinnedKey publicKey, int batchPage, int batchLimit, int batchMax, List<DatasetInfo> datasets,
                          List<EndedDataset> ended) {

    public ServiceInfo {
        datasets = List.copyOf(datasets);
        ended = List.copyOf(ended);
    }

    /** The key id, {@code publicKey().keyId()}. */
    public String keyId() {
        return publicKey.keyId();
    }

    /** The served dataset {@code id}, if listed. */
    public Optional<DatasetInfo> dataset(String id) {
        return datasets.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** True when a served dataset uses a factor (membership or gated): only then is a typed factor sent. */
    public boolean usesFactor() {
        return datasets.stream().anyMatch(d -> d.disclosure().usesFactor());
    }
}
