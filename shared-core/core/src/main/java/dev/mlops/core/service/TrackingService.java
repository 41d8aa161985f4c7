package dev.mlops.core.service;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunIdentity;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.metric.HistoryToken;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.MetricStore;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.core.search.OrderByParser;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.search.SearchFilterParser;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's tracking rules over the ports: validation first, then one atomic store call, then an event. Nothing is
 * written when validation fails.
 */
public final class TrackingService {

    public static final int SEARCH_RUNS_DEFAULT = 1000;
    public static final int SEARCH_RUNS_MAX = 50_000;
    public static final int SEARCH_EXPERIMENTS_DEFAULT = 1000;
    public static final int SEARCH_EXPERIMENTS_MAX = 50_000;
    /** Points per get-history page: the client asks for 25,000 and pages; a bigger ask is capped, with a token. */
    public static final int HISTORY_PAGE_MAX = 25_000;
    public static final int BULK_INTERVAL_MAX_RUNS = 100;
    public static final int BULK_INTERVAL_MAX_RESULTS = 2500;

    private final MetadataStore metadata;
    private final MetricStore metrics;
    private final EventPublisher events;
    private final InstantSource clock;
    private final FlushPolicy flushPolicy;
    private final ArtifactUris uris;
    private final ModelMetricLinks modelLinks;
    private final MetricsWatcher watcher;

    public TrackingService(MetadataStore metadata, MetricStore metrics, EventPublisher events, InstantSource clock) {
        this(metadata, metrics, events, clock, FlushPolicy.NONE);
    }

    public TrackingService(MetadataStore metadata, MetricStore metrics, EventPublisher events, InstantSource clock,
                           FlushPolicy flushPolicy) {
        this(metadata, metrics, null, events, clock, flushPolicy, ArtifactUris.DEFAULT, MetricsWatcher.NONE);
    }

    public TrackingService(MetadataStore metadata, MetricStore metrics, LoggedModelStore loggedModels,
                           EventPublisher events, InstantSource clock, FlushPolicy flushPolicy, ArtifactUris uris) {
        this(metadata, metrics, loggedModels, events, clock, flushPolicy, uris, MetricsWatcher.NONE);
    }

    /**
     * @param loggedModels where metrics logged against a logged model are recorded too; null refuses such metrics
     * @param uris         the server's rules for client-supplied artifact locations (working directory, schemes)
     * @param watcher      sees every metric write after it succeeded (the accuracy-drop monitor)
     */
    public TrackingService(MetadataStore metadata, MetricStore metrics, LoggedModelStore loggedModels,
                           EventPublisher events, InstantSource clock, FlushPolicy flushPolicy, ArtifactUris uris,
                           MetricsWatcher watcher) {
        this.metadata = metadata;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.flushPolicy = flushPolicy;
        this.uris = uris;
        this.modelLinks = loggedModels == null ? ModelMetricLinks.NONE : new ModelMetricLinks(loggedModels, clock);
        this.watcher = watcher;
    }

    // ---- experiments

    /**
     * Creates an experiment. A relative local {@code artifactLocation} is made absolute against the server's
     * working directory, and locations MLflow refuses (runs:/ URIs, other hosts) are refused ({@link ArtifactUris}).
     */
    public Experiment createExperiment(String name, String artifactLocation, List<Tag> tags) {
        Validation.experimentName(name);
        Map<String, String> tagMap = Validation.tags(tags, Validation::experimentTagValue, "tags");
        String location = uris.experimentLocation(artifactLocation);
        Experiment created = metadata.createExperiment(new NewExperiment(name, location, tagMap, now()));
        announce(new DomainEvent.ExperimentCreated(created.experimentId(), created.name(), now()));
        return created;
    }

    public Experiment getExperiment(String experimentId) {
        Validation.experimentId(experimentId);
        return metadata.getExperiment(experimentId).orElseThrow(() -> new ResourceNotFoundException(
                "No Experiment with id=" + experimentId + " exists"));
    }

    public Experiment getExperimentByName(String name) {
        Validation.required("experiment_name", name);
        return metadata.getExperimentByName(name).orElseThrow(() -> new ResourceNotFoundException(
                "Could not find experiment with name '" + name + "'"));
    }

    public Page<Experiment> searchExperiments(String filter, List<String> orderBy, ViewType viewType,
                                              Integer maxResults, String pageToken) {
        ExperimentQuery query = new ExperimentQuery(
                SearchFilterParser.parseExperimentFilter(filter),
                OrderByParser.parseExperimentOrderBy(orderBy == null ? List.of() : orderBy),
                viewType == null ? ViewType.ACTIVE_ONLY : viewType,
                Validation.maxResults(maxResults, SEARCH_EXPERIMENTS_DEFAULT, SEARCH_EXPERIMENTS_MAX),
                checkedToken(pageToken));
        return metadata.searchExperiments(query);
    }

    public void renameExperiment(String experimentId, String newName) {
        Validation.experimentName(newName);
        Experiment experiment = getExperiment(experimentId);
        if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw new InvalidParameterException("Cannot rename a non-active experiment " + experimentId + ".");
        }
        if (!experiment.name().equals(newName)) {
            metadata.updateExperiment(experiment.withName(newName, now()));
        }
    }

    public void deleteExperiment(String experimentId) {
        Experiment experiment = getExperiment(experimentId);
        if (experiment.lifecycleStage() == LifecycleStage.ACTIVE) {
            metadata.updateExperiment(experiment.withLifecycle(LifecycleStage.DELETED, now()));
        }
        metadata.setRunsLifecycle(experimentId, LifecycleStage.ACTIVE, LifecycleStage.DELETED);
    }

    public void restoreExperiment(String experimentId) {
        Experiment experiment = getExperiment(experimentId);
        if (experiment.lifecycleStage() == LifecycleStage.DELETED) {
            metadata.updateExperiment(experiment.withLifecycle(LifecycleStage.ACTIVE, now()));
        }
        metadata.setRunsLifecycle(experimentId, LifecycleStage.DELETED, LifecycleStage.ACTIVE);
    }

    public void setExperimentTag(String experimentId, String key, String value) {
        Validation.key("tag", key);
        String checked = Validation.experimentTagValue(key, value);
        Experiment experiment = activeExperiment(experimentId);
        Map<String, String> tags = new LinkedHashMap<>(experiment.tags());
        tags.put(key, checked);
        metadata.updateExperiment(experiment.withTags(tags, now()));
    }

    public void deleteExperimentTag(String experimentId, String key) {
        Validation.key("tag", key);
        Experiment experiment = activeExperiment(experimentId);
        if (!experiment.tags().containsKey(key)) {
            throw new ResourceNotFoundException(
                    "No tag with name: " + key + " in experiment with id " + experimentId);
        }
        Map<String, String> tags = new LinkedHashMap<>(experiment.tags());
        tags.remove(key);
        metadata.updateExperiment(experiment.withTags(tags, now()));
    }

    // ---- runs

    /**
     * Creates a run. Every call creates a new run, as in MLflow, unless the request carries an idempotency key: a
     * retry with the same key finds the run its first attempt made (see {@link RunIds}). The experiment must be
     * named: MLflow falls back to Default for a request without one, which only a malformed request does (every
     * client sends the id, "0" for Default), so we refuse it rather than file a stray run there.
     */
    public Run createRun(String experimentId, String userId, String runName, Long startTime, List<Tag> tags,
                         String requestKey) {
        String expId = Validation.experimentId(experimentId);
        Map<String, String> tagMap = runTags(tags);
        Validation.runName(runName);
        Experiment experiment = activeExperiment(expId);

        String runId = RunIds.forRequest(requestKey, expId);
        String name = firstNonBlank(runName, tagMap.get(Run.RUN_NAME_TAG), RunNames.forRunId(runId));
        if (runName != null && !runName.isEmpty() && tagMap.containsKey(Run.RUN_NAME_TAG)
                && !runName.equals(tagMap.get(Run.RUN_NAME_TAG))) {
            throw new InvalidParameterException("Both 'run_name' argument and 'mlflow.runName' tag are specified, "
                    + "but with different values (run_name='" + runName + "', mlflow.runName='"
                    + tagMap.get(Run.RUN_NAME_TAG) + "').");
        }
        tagMap.put(Run.RUN_NAME_TAG, name);
        String parent = tagMap.get(Run.PARENT_RUN_TAG);
        if (parent != null) {
            Validation.runId(parent);
        }

        String user = userId == null ? tagMap.getOrDefault(Run.USER_TAG, "") : userId;
        RunInfo info = new RunInfo(runId, expId, name, user, RunStatus.RUNNING,
                startTime == null ? now() : startTime, null,
                joinUri(experiment.artifactLocation(), runId + "/artifacts"), LifecycleStage.ACTIVE);
        Run run = new Run(info, Map.of(), tagMap, Map.of(), List.of(), List.of());
        if (!metadata.insertRun(run)) {
            return getRun(runId);
        }
        announce(new DomainEvent.RunCreated(expId, runId, parent, now()));
        return run;
    }

    public Run getRun(String runId) {
        Validation.runId(runId);
        return metadata.getRun(runId).orElseThrow(() -> new ResourceNotFoundException(
                "Run with id=" + runId + " not found"));
    }

    /** A run's unchanging parts: enough where only its existence, experiment or artifact location matter. */
    public RunIdentity runIdentity(String runId) {
        Validation.runId(runId);
        return metadata.getRunIdentity(runId).orElseThrow(() -> new ResourceNotFoundException(
                "Run with id=" + runId + " not found"));
    }

    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        Validation.runName(runName);
        Run run = activeRun(runId);
        RunInfo info = run.info();
        String name = runName == null || runName.isEmpty() ? info.runName() : runName;
        RunStatus newStatus = status == null ? info.status() : status;
        Long end = endTime;
        if (end == null) {
            end = newStatus.isTerminal() && info.endTime() == null ? Long.valueOf(now()) : info.endTime();
        }
        RunInfo updated = new RunInfo(info.runId(), info.experimentId(), name, info.userId(), newStatus,
                info.startTime(), end, info.artifactUri(), info.lifecycleStage());
        RunInfo stored = metadata.updateRunInfo(updated);
        if (!name.equals(run.tags().get(Run.RUN_NAME_TAG))) {
            metadata.updateRunData(runId, RunUpdate.tags(Map.of(Run.RUN_NAME_TAG, name)));
        }
        if (newStatus.isTerminal() && newStatus != info.status()) {
            announce(new DomainEvent.RunFinished(info.experimentId(), runId, newStatus.name(), now()));
        }
        return stored;
    }

    public void deleteRun(String runId) {
        setRunLifecycle(getRun(runId), LifecycleStage.DELETED);
    }

    public void restoreRun(String runId) {
        setRunLifecycle(getRun(runId), LifecycleStage.ACTIVE);
    }

    public Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType viewType, Integer maxResults,
                                List<String> orderBy, String pageToken) {
        List<String> ids = experimentIds == null ? List.of() : experimentIds;
        ids.forEach(Validation::experimentId);
        RunQuery query = new RunQuery(ids,
                SearchFilterParser.parseRunFilter(filter),
                OrderByParser.parseRunOrderBy(orderBy == null ? List.of() : orderBy),
                viewType == null ? ViewType.ACTIVE_ONLY : viewType,
                Validation.maxResults(maxResults, SEARCH_RUNS_DEFAULT, SEARCH_RUNS_MAX),
                checkedToken(pageToken));
        return metadata.searchRuns(query);
    }

    public void logMetric(String runId, MetricPoint point) {
        logBatch(runId, new BatchRequest(List.of(point), List.of(), List.of()), false);
    }

    /** A metric logged against a logged model too (log-metric with {@code model_id}). */
    public void logMetric(String runId, BatchRequest.ModelPoint point) {
        logBatch(runId, new BatchRequest(List.of(point.point()), List.of(), List.of(), List.of(point)), false);
    }

    /** An empty value is a value (MLflow stores {@code ""}); a missing one is read as empty, as proto3 does. */
    public void logParam(String runId, String key, String value) {
        logBatch(runId, new BatchRequest(List.of(), List.of(new Param(key, value == null ? "" : value)),
                List.of()), false);
    }

    public void setTag(String runId, String key, String value) {
        logBatch(runId, new BatchRequest(List.of(), List.of(), List.of(new Tag(key, value))), false);
    }

    public void deleteTag(String runId, String key) {
        Validation.key("tag", key);
        Run run = activeRun(runId);
        if (!run.tags().containsKey(key)) {
            throw new ResourceNotFoundException("No tag with name: " + key + " in run with id " + runId);
        }
        metadata.updateRunData(runId, new RunUpdate(Map.of(), Map.of(), List.of(key), List.of()));
    }

    /**
     * Validates the whole batch, refuses param clashes up front, makes the points durable, then applies params, tags
     * and latest values in one atomic store update. A retried batch stores no duplicate point.
     */
    public void logBatch(String runId, BatchRequest batch) {
        logBatch(runId, batch, true);
    }

    /** {@code indexed}: messages name items as MLflow's log-batch does ({@code metrics[2].name}). */
    private void logBatch(String runId, BatchRequest batch, boolean indexed) {
        Validation.batchLimits(batch.metrics().size(), batch.params().size(), batch.tags().size());
        for (int i = 0; i < batch.metrics().size(); i++) {
            Validation.metric(batch.metrics().get(i), indexed ? "metrics[" + i + "]." : "");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < batch.params().size(); i++) {
            Param param = batch.params().get(i);
            Validation.key("param", indexed ? "params[" + i + "].key" : "key", param.key());
            String value = Validation.paramValue(param.key(), param.value());
            String earlier = params.putIfAbsent(param.key(), value);
            if (earlier != null && !earlier.equals(value)) {
                throw new InvalidParameterException("Duplicate parameter keys have been submitted with different "
                        + "values: '" + param.key() + "'.");
            }
        }
        Map<String, String> tags = Validation.tags(batch.tags(), Validation::runTagValue, indexed ? "tags" : null);
        modelLinks.check(batch.modelPoints());
        Run run = activeRun(runId);
        rejectParamClashes(run, params);

        long buffered = batch.metrics().isEmpty() ? -1
                : metrics.append(run.info().experimentId(), runId, batch.metrics());
        metadata.updateRunData(runId, new RunUpdate(params, tags, List.of(), batch.metrics()));
        modelLinks.record(runId, batch.modelPoints());
        if (!batch.metrics().isEmpty()) {
            announce(metricsSummary(run, batch.metrics()));
            flushPolicy.afterAppend(run.info().experimentId(), runId, batch.metrics().size(), buffered);
            watch(run, tags, batch.metrics());
        }
    }

    /** The watcher sees the run with this batch's tags applied (an evaluation may tag and log in one call). */
    private void watch(Run run, Map<String, String> newTags, List<MetricPoint> points) {
        try {
            Run seen = run;
            if (!newTags.isEmpty()) {
                Map<String, String> merged = new LinkedHashMap<>(run.tags());
                merged.putAll(newTags);
                seen = new Run(run.info(), run.params(), merged, run.latestMetrics(), run.datasetInputs(),
                        run.modelInputs());
            }
            watcher.logged(seen, points);
        } catch (RuntimeException e) {
            org.jboss.logging.Logger.getLogger(TrackingService.class).warnf(e,
                    "The metrics watcher failed on run %s; the write itself succeeded", run.runId());
        }
    }

    public void logInputs(String runId, List<DatasetInput> datasets, List<String> modelIds) {
        for (DatasetInput input : datasets) {
            Validation.required("dataset", input.dataset());
            Validation.required("dataset.name", input.dataset().name());
            Validation.required("dataset.digest", input.dataset().digest());
        }
        activeRun(runId);
        metadata.addRunInputs(runId, datasets, modelIds);
    }

    // ---- metric history

    /** One page of a series in (step, timestamp, value) order; the token resumes after the page's last point. */
    public Page<MetricPoint> metricHistory(String runId, String key, Integer maxResults, String pageToken) {
        List<MetricPoint> page = new ArrayList<>();
        try (HistoryStream stream = openHistory(runId, key, maxResults, pageToken)) {
            stream.forEachRemaining(page::add);
            return new Page<>(page, stream.nextPageToken());
        }
    }

    /**
     * The same page as a stream, validated and opened (the first point read), so errors surface before an answer
     * starts; the caller writes each point as it comes and closes the stream.
     */
    public HistoryStream openHistory(String runId, String key, Integer maxResults, String pageToken) {
        Validation.required("metric_key", key);
        MetricPoint after = HistoryToken.decode(pageToken, key);
        int limit = maxResults == null || maxResults > HISTORY_PAGE_MAX ? HISTORY_PAGE_MAX
                : Validation.maxResults(maxResults, HISTORY_PAGE_MAX, HISTORY_PAGE_MAX);
        runIdentity(runId);
        HistoryStream stream = new HistoryStream(metrics.series(runId, key, Long.MIN_VALUE, Long.MAX_VALUE, after),
                limit);
        try {
            stream.hasNext();
            return stream;
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /** MLflow's sampled multi-run history: at most {@code maxResults} steps, spread evenly, ends kept. */
    public List<SeriesPoint> metricHistoryBulkInterval(List<String> runIds, String key, Long startStep, Long endStep,
                                                       Integer maxResults) {
        if (runIds == null || runIds.isEmpty()) {
            throw new InvalidParameterException("Missing value for required parameter 'run_ids'.");
        }
        if (runIds.size() > BULK_INTERVAL_MAX_RUNS) {
            throw new InvalidParameterException("GetMetricHistoryBulkInterval request must specify at most "
                    + BULK_INTERVAL_MAX_RUNS + " run_ids. Received " + runIds.size() + " run_ids.");
        }
        Validation.required("metric_key", key);
        if (maxResults != null && (maxResults < 1 || maxResults > BULK_INTERVAL_MAX_RESULTS)) {
            throw new InvalidParameterException("max_results must be between 1 and " + BULK_INTERVAL_MAX_RESULTS
                    + ".");
        }
        int limit = maxResults == null ? BULK_INTERVAL_MAX_RESULTS : maxResults;
        if ((startStep == null) != (endStep == null)) {
            throw new InvalidParameterException(
                    "If either start step or end step are specified, both must be specified.");
        }
        if (startStep != null && startStep > endStep) {
            throw new InvalidParameterException("end_step must be greater than start_step. Found start_step="
                    + startStep + " and end_step=" + endStep + ".");
        }
        runIds.forEach(this::runIdentity);
        return new SampledHistory(metrics, List.copyOf(new LinkedHashSet<>(runIds)), key)
                .sample(startStep, endStep, limit);
    }

    /** MLflow's whole-history read over several runs (get-history-bulk): see {@link BulkHistory}. */
    public List<SeriesPoint> metricHistoryBulk(List<String> runIds, String key, Integer maxResults) {
        return BulkHistory.read(metadata, metrics, runIds, key, maxResults);
    }

    /** The datasets the experiments' runs logged (search-datasets): see {@link DatasetSummaries}. */
    public List<DatasetSummary> searchDatasets(List<String> experimentIds) {
        return DatasetSummaries.search(metadata, experimentIds);
    }

    // ---- helpers

    private void setRunLifecycle(Run run, LifecycleStage stage) {
        RunInfo info = run.info();
        metadata.updateRunInfo(new RunInfo(info.runId(), info.experimentId(), info.runName(), info.userId(),
                info.status(), info.startTime(), info.endTime(), info.artifactUri(), stage));
    }

    private Experiment activeExperiment(String experimentId) {
        Experiment experiment = getExperiment(experimentId);
        if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw new InvalidParameterException("The experiment " + experimentId + " must be in the 'active' state. "
                    + "Current state is " + experiment.lifecycleStage().wire() + ".");
        }
        return experiment;
    }

    private Run activeRun(String runId) {
        Run run = getRun(runId);
        if (run.info().lifecycleStage() != LifecycleStage.ACTIVE) {
            throw new InvalidParameterException("The run " + runId + " must be in the 'active' state. Current state is "
                    + run.info().lifecycleStage().wire() + ".");
        }
        return run;
    }

    private static void rejectParamClashes(Run run, Map<String, String> params) {
        params.forEach((key, value) -> {
            String stored = run.params().get(key);
            if (stored != null && !stored.equals(value)) {
                throw paramClash(run.runId(), key, stored, value);
            }
        });
    }

    /** MLflow's wording for changing a logged param, shared with stores that detect the clash themselves. */
    public static InvalidParameterException paramClash(String runId, String key, String stored, String value) {
        return new InvalidParameterException(("Changing param values is not allowed. Param with key='%s' was already "
                + "logged with value='%s' for run ID='%s'. Attempted logging new value '%s'.")
                .formatted(key, stored, runId, value));
    }

    private static Map<String, String> runTags(List<Tag> tags) {
        return Validation.tags(tags, Validation::runTagValue, "tags");
    }

    private DomainEvent.MetricsLogged metricsSummary(Run run, List<MetricPoint> points) {
        Set<String> keys = new HashSet<>();
        long maxStep = Long.MIN_VALUE;
        for (MetricPoint p : points) {
            keys.add(p.key());
            maxStep = Math.max(maxStep, p.step());
        }
        return new DomainEvent.MetricsLogged(run.info().experimentId(), run.runId(), points.size(), keys.size(),
                maxStep, now());
    }

    private static String checkedToken(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        PageToken.decode(token);
        return token;
    }

    private static String joinUri(String base, String child) {
        return base.endsWith("/") ? base + child : base + "/" + child;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        throw new IllegalStateException("no value");
    }

    /** Events go out before the call returns: a Lambda may freeze right after its answer. */
    private void announce(DomainEvent event) {
        events.publish(event);
        events.flush();
    }

    private long now() {
        return clock.millis();
    }
}
