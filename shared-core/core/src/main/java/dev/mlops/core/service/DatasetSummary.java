package dev.mlops.core.service;

/** A dataset an experiment's runs used (search-datasets); {@code context} is null without a context tag. */
public record DatasetSummary(String experimentId, String name, String digest, String context) {
}
