package dev.mlops.core.service;

import dev.mlops.core.domain.VersionStatus;
import java.util.Map;

/**
 * The reserved metadata a new model version starts with, and the status it ends registration in. Tag names:
 * {@code mlops.framework}, {@code mlops.artifact_type} (mlflow-model, directory or file), {@code mlops.sha256} and
 * {@code mlops.size_bytes} (see {@link ArtifactDigest}), {@code mlops.param.<key>} and {@code mlops.metric.<key>}
 * (the source run's params and latest metric values), and {@code mlops.integrity}: {@code verified} when the
 * checksum was taken from the files, {@code unverified} when the source could not be read.
 */
public record VersionSeeds(Map<String, String> tags, VersionStatus status, String statusMessage) {

    public static final String FRAMEWORK = "mlops.framework";
    public static final String ARTIFACT_TYPE = "mlops.artifact_type";
    public static final String SHA256 = "mlops.sha256";
    public static final String SIZE_BYTES = "mlops.size_bytes";
    public static final String PARAM_PREFIX = "mlops.param.";
    public static final String METRIC_PREFIX = "mlops.metric.";
    public static final String INTEGRITY = "mlops.integrity";
    public static final String VERIFIED = "verified";
    public static final String UNVERIFIED = "unverified";
    /**
     * Set to {@link #UNKNOWN} when the version names a run that did not exist at registration (MLflow accepts such a
     * run id), so verify does not report the run as lost later: it never was there.
     */
    public static final String SOURCE_RUN = "mlops.source_run";
    public static final String UNKNOWN = "unknown";

    public VersionSeeds {
        tags = Map.copyOf(tags);
    }

    static VersionSeeds ready(Map<String, String> tags) {
        return new VersionSeeds(tags, VersionStatus.READY, null);
    }
}
