package dev.mlops.databricks.store;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.error.StorageFailureException;

/** Reads the enum spellings the tables hold: MLflow's wire spellings, so the tables read as MLflow's do. */
final class Stages {

    private Stages() {
    }

    static LifecycleStage lifecycle(String wire) {
        for (LifecycleStage stage : LifecycleStage.values()) {
            if (stage.wire().equals(wire)) {
                return stage;
            }
        }
        throw new StorageFailureException("Unknown lifecycle stage '" + wire + "' in the warehouse");
    }

    static ModelStage modelStage(String wire) {
        for (ModelStage stage : ModelStage.values()) {
            if (stage.wire().equals(wire)) {
                return stage;
            }
        }
        throw new StorageFailureException("Unknown model stage '" + wire + "' in the warehouse");
    }
}
