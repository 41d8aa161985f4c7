package dev.mlops.core.domain;

/** The mutable header of a run; {@code endTime} is null while the run has not ended. */
public record RunInfo(
        String runId,
        String experimentId,
        String runName,
        String userId,
        RunStatus status,
        long startTime,
        Long endTime,
        String artifactUri,
        LifecycleStage lifecycleStage) {
}
