package dev.mlops.core.domain;

/** A logged model a run produced, at a training step (MLflow 3's run outputs, {@code runs/outputs}). */
public record ModelOutput(String modelId, long step) {
}
