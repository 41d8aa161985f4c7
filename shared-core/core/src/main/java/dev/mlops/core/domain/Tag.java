package dev.mlops.core.domain;

/** A key/value tag on an experiment or a run. */
public record Tag(String key, String value) {
}
