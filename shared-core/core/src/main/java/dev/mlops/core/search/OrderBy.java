package dev.mlops.core.search;

/** One parsed order_by clause, for example {@code metrics.loss DESC}. */
public record OrderBy(EntityType type, String key, boolean ascending) {
}
