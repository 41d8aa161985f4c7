package dev.mlops.core.domain;

/** Soft-delete state shared by experiments and runs. */
public enum LifecycleStage {
    ACTIVE("active"),
    DELETED("deleted");

    private final String wire;

    LifecycleStage(String wire) {
        this.wire = wire;
    }

    /** MLflow sends and expects the lower-case spelling. */
    public String wire() {
        return wire;
    }
}
