package dev.mlops.core.search;

import java.util.Objects;

/**
 * One clause of a filter, for example {@code metrics.acc >= 0.9}. Keys are stored unquoted, attribute keys in their
 * canonical spelling ({@code created} becomes {@code start_time}). {@code value} is null exactly when the comparator is
 * IS NULL / IS NOT NULL.
 */
public record Comparison(EntityType type, String key, Comparator comparator, Literal value) {

    public Comparison {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(comparator, "comparator");
        if (comparator.takesNoValue() != (value == null)) {
            throw new IllegalArgumentException("value must be null exactly for IS NULL / IS NOT NULL");
        }
    }
}
