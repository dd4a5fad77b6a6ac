package org.leakcheck.client;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/info}: what the deployment runs and which datasets it serves.
 *
 * @param protocolVersion 1
 * @param suite           {@code P256-SHA256}
 * @param bucketBits      B, for the bucket derivation
 * @param keyId           the OPRF key's id, when the service announces one
 * @param datasets        the complete datasets served
 */
public record ServiceInfo(int protocolVersion, String suite, int bucketBits, Optional<String> keyId,
                          List<DatasetInfo> datasets) {

    public ServiceInfo {
        datasets = List.copyOf(datasets);
    }

    /** The dataset {@code id}, if listed. */
    public Optional<DatasetInfo> dataset(String id) {
        return datasets.stream().filter(d -> d.id().equals(id)).findFirst();
    }
}
