package dev.mlops.lakeapi;

import dev.mlops.lake.LakeInspector;
import dev.mlops.lake.LakeMetricStore;
import dev.mlops.lake.MetricFlusher;

/**
 * The lake as one function sees it: the merged store the services read through, the flusher, and the inspector
 * verify and recovery check lake files with.
 */
public record Lake(String root, LakeMetricStore store, MetricFlusher flusher, LakeInspector inspector) {
}
