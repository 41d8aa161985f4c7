package dev.mlops.core.search;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds runs for the search tests; every field has a harmless default. */
final class RunFixture {

    private final String runId;
    private String runName = "run";
    private String userId = "alice";
    private RunStatus status = RunStatus.FINISHED;
    private long startTime = 1_000L;
    private Long endTime = 2_000L;
    private String artifactUri = "s3://bucket/1/run/artifacts";
    private final Map<String, String> params = new HashMap<>();
    private final Map<String, String> tags = new HashMap<>();
    private final Map<String, MetricPoint> metrics = new HashMap<>();
    private final List<DatasetInput> datasets = new ArrayList<>();

    private RunFixture(String runId) {
        this.runId = runId;
    }

    static RunFixture run(String runId) {
        return new RunFixture(runId);
    }

    RunFixture name(String value) {
        runName = value;
        return this;
    }

    RunFixture user(String value) {
        userId = value;
        return this;
    }

    RunFixture status(RunStatus value) {
        status = value;
        return this;
    }

    RunFixture start(long value) {
        startTime = value;
        return this;
    }

    RunFixture end(Long value) {
        endTime = value;
        return this;
    }

    RunFixture artifactUri(String value) {
        artifactUri = value;
        return this;
    }

    RunFixture param(String key, String value) {
        params.put(key, value);
        return this;
    }

    RunFixture tag(String key, String value) {
        tags.put(key, value);
        return this;
    }

    RunFixture metric(String key, double value) {
        metrics.put(key, new MetricPoint(key, value, 0L, 0L));
        return this;
    }

    RunFixture dataset(String name, String digest, String context) {
        List<Tag> inputTags = context == null ? List.of() : List.of(new Tag(RunMatcher.DATASET_CONTEXT_TAG, context));
        datasets.add(new DatasetInput(inputTags, new DatasetInput.Dataset(name, digest, "local", "file:///d", null, null)));
        return this;
    }

    Run build() {
        RunInfo info = new RunInfo(runId, "1", runName, userId, status, startTime, endTime, artifactUri,
                LifecycleStage.ACTIVE);
        return new Run(info, params, tags, metrics, datasets, List.of());
    }
}
