package dev.mlops.core.domain;

import java.util.List;

/** A dataset a run consumed, as logged by log-inputs; identity is (name, digest) plus its context tags. */
public record DatasetInput(List<Tag> tags, Dataset dataset) {

    public DatasetInput {
        tags = List.copyOf(tags);
    }

    public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
    }
}
