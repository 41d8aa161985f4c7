package dev.mlops.lakeapi;

import dev.mlops.lake.LakeMetricStore;
import dev.mlops.lake.MetricFlusher;

/** The lake as one function sees it: the merged store the services read through, and the flusher. */
public record Lake(String root, LakeMetricStore store, MetricFlusher flusher) {
}
