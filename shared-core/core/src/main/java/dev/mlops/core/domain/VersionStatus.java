package dev.mlops.core.domain;

/** Registration status of a model version, as MLflow's ModelVersionStatus. */
public enum VersionStatus {
    PENDING_REGISTRATION,
    FAILED_REGISTRATION,
    READY
}
