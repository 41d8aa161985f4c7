package dev.mlops.core.search;

/**
 * One order_by entry of a logged-model search: an attribute or {@code metrics.<key>}, and for a metric optionally
 * the dataset whose values count ({@code dataset}, null for all).
 */
public record LoggedModelOrder(OrderBy clause, DatasetRef dataset) {
}
