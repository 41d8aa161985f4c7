package dev.mlops.core.service;

import dev.mlops.core.domain.MetricPoint;

/** A metric point tagged with the run it belongs to, as get-history-bulk-interval returns it. */
public record SeriesPoint(String runId, MetricPoint point) {
}
