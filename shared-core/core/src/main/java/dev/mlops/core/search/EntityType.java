package dev.mlops.core.search;

/** What the left-hand side of a comparison or an order_by clause names. */
public enum EntityType {
    METRIC,
    PARAM,
    TAG,
    ATTRIBUTE,
    DATASET
}
