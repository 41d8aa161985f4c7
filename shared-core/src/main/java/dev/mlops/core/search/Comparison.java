package dev.mlops.core.search;

/** One clause of a filter, for example {@code metrics.acc >= 0.9}. Keys are stored unquoted. */
public record Comparison(EntityType type, String key, Comparator comparator, Literal value) {
}
