package dev.mlops.core.ingest;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reserved {@code mlops.*} tags an ingested version starts with, so MLflow's search grammar can filter on
 * checksum, size, framework, type and metrics ({@code tags.`mlops.metric.auc` > '0.9'} compares as text).
 */
final class SeedTags {

    static final String SHA256 = "mlops.sha256";
    static final String SIZE_BYTES = "mlops.size_bytes";
    static final String S3_VERSION_ID = "mlops.s3_version_id";
    static final String S3_ETAG = "mlops.s3_etag";
    static final String FRAMEWORK = "mlops.framework";
    static final String ARTIFACT_TYPE = "mlops.artifact_type";
    static final String METRIC_PREFIX = "mlops.metric.";
    /** The checksum is of the object's own bytes, read by the ingestion: the version's integrity is verified. */
    static final String INTEGRITY = "mlops.integrity";

    private SeedTags() {
    }

    /** Sidecar tags first, so a reserved seed tag can never be overridden (the sidecar also refuses them). */
    static Map<String, String> of(IngestionKey key, ObjectFacts facts, String sha256, Sidecar sidecar) {
        Map<String, String> tags = new TreeMap<>(sidecar.tags());
        tags.put(SHA256, sha256);
        tags.put(INTEGRITY, "verified");
        tags.put(SIZE_BYTES, Long.toString(facts.size()));
        if (facts.versionId() != null) {
            tags.put(S3_VERSION_ID, facts.versionId());
        }
        if (facts.eTag() != null) {
            tags.put(S3_ETAG, facts.eTag());
        }
        if (sidecar.framework() != null) {
            tags.put(FRAMEWORK, sidecar.framework());
        }
        String type = key.artifactType();
        if (type != null) {
            tags.put(ARTIFACT_TYPE, type);
        }
        sidecar.metrics().forEach((metric, value) -> tags.put(METRIC_PREFIX + metric, plain(value)));
        return tags;
    }

    /** 0.91 stays "0.91" and 5 is "5", not "5.0" or "9.1E-1". */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
