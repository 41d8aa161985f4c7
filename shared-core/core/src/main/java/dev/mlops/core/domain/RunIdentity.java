package dev.mlops.core.domain;

/**
 * What never changes about a run once it exists: enough to check that it exists, find its experiment and its
 * artifacts. Safe to cache for as long as one likes; a deleted run keeps it.
 */
public record RunIdentity(String runId, String experimentId, long startTime, String artifactUri) {

    public static RunIdentity of(RunInfo info) {
        return new RunIdentity(info.runId(), info.experimentId(), info.startTime(), info.artifactUri());
    }
}
