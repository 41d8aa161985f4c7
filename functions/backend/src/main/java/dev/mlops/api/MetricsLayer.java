package dev.mlops.api;

import dev.mlops.core.port.Backend;
import dev.mlops.core.port.MetricStore;

/**
 * What stands in front of the backend's metric buffer. Functions that carry the Parquet lake provide a bean that
 * merges lake and buffer; functions that never read metric histories (registry, ingestion) leave it out, and so
 * carry no Hadoop.
 */
public interface MetricsLayer {

    MetricStore over(Backend backend);
}
