package dev.mlops.core.domain;

import dev.mlops.core.error.InvalidParameterException;
import java.util.Locale;

/** MLflow's model version stages; {@link #wire()} is the spelling the REST API uses. */
public enum ModelStage {
    NONE("None"),
    STAGING("Staging"),
    PRODUCTION("Production"),
    ARCHIVED("Archived");

    private final String wire;

    ModelStage(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /**
     * Case-insensitive, as MLflow accepts "production" and "Production" alike; nothing else is forgiven, so
     * {@code "Production "} is not a stage.
     */
    public static ModelStage parse(String text) {
        if (text != null) {
            for (ModelStage stage : values()) {
                if (stage.wire.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                    return stage;
                }
            }
        }
        throw new InvalidParameterException("Invalid Model Version stage: " + text
                + ". Value must be one of None, Staging, Production, Archived.");
    }
}
