package dev.mlops.core.local;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.core.search.ExperimentMatcher;
import dev.mlops.core.search.ExperimentOrdering;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.service.TrackingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metadata as one JSON file per experiment and per run, with an in-memory index loaded at start. Each change is
 * written atomically and fsynced before the call returns; the in-memory copy changes only after the file did, so a
 * failed write leaves both unchanged. {@link DataDirLock} keeps other processes out.
 */
public final class LocalMetadataStore implements MetadataStore {

    private final Path experimentsDir;
    private final Path runsDir;
    private final String artifactRootUri;
    private final Map<String, Experiment> experiments = new ConcurrentHashMap<>();
    /** The runs themselves, indexed for search. */
    private final LocalRunIndex runs = new LocalRunIndex();
    private final Map<String, Object> runLocks = new ConcurrentHashMap<>();
    private final Object experimentLock = new Object();
    private long nextExperimentId;

    /**
     * @param artifactRootUri where experiments' artifacts go by default, without a trailing slash, e.g.
     *                        {@code mlflow-artifacts:}; an experiment's location is {@code <root>/<experiment id>}
     */
    public LocalMetadataStore(Path dataDir, String artifactRootUri, long creationTime) {
        this.experimentsDir = dataDir.resolve("meta/experiments");
        this.runsDir = dataDir.resolve("meta/runs");
        this.artifactRootUri = artifactRootUri;
        try {
            Files.createDirectories(experimentsDir);
            Files.createDirectories(runsDir);
        } catch (IOException e) {
            throw new StorageFailureException("Cannot create " + dataDir + ": " + e.getMessage(), e);
        }
        loadAll();
        if (!experiments.containsKey(Experiment.DEFAULT_ID)) {
            Experiment defaultExperiment = new Experiment(Experiment.DEFAULT_ID, Experiment.DEFAULT_NAME,
                    artifactLocation(Experiment.DEFAULT_ID), LifecycleStage.ACTIVE, creationTime, creationTime,
                    Map.of());
            saveExperiment(defaultExperiment);
            nextExperimentId = Math.max(nextExperimentId, 1);
        }
    }

    /** Reads every record from disk again; a restore calls it while writes are fenced. */
    void reload() {
        synchronized (experimentLock) {
            loadAll();
        }
    }

    private void loadAll() {
        Map<String, Experiment> loadedExperiments = new HashMap<>();
        load(experimentsDir, Experiment.class).forEach(e -> loadedExperiments.put(e.experimentId(), e));
        experiments.keySet().retainAll(loadedExperiments.keySet());
        experiments.putAll(loadedExperiments);
        runs.replaceAll(load(runsDir, Run.class));
        nextExperimentId = experiments.keySet().stream().mapToLong(Long::parseLong).max().orElse(-1) + 1;
    }

    // ---- experiments

    @Override
    public Experiment createExperiment(NewExperiment request) {
        synchronized (experimentLock) {
            if (findByName(request.name()).isPresent()) {
                throw new ResourceAlreadyExistsException(
                        "Experiment '" + request.name() + "' already exists.");
            }
            String id = Long.toString(nextExperimentId);
            String location = request.artifactLocation() == null ? artifactLocation(id) : request.artifactLocation();
            Experiment experiment = new Experiment(id, request.name(), location, LifecycleStage.ACTIVE,
                    request.creationTime(), request.creationTime(), request.tags());
            saveExperiment(experiment);
            nextExperimentId++;
            return experiment;
        }
    }

    @Override
    public Optional<Experiment> getExperiment(String experimentId) {
        return Optional.ofNullable(experiments.get(experimentId));
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        return findByName(name);
    }

    @Override
    public Experiment updateExperiment(Experiment experiment) {
        synchronized (experimentLock) {
            Experiment current = experiments.get(experiment.experimentId());
            if (current == null) {
                throw new ResourceNotFoundException("No Experiment with id=" + experiment.experimentId() + " exists");
            }
            if (!current.name().equals(experiment.name()) && findByName(experiment.name()).isPresent()) {
                throw new ResourceAlreadyExistsException(
                        "Experiment '" + experiment.name() + "' already exists.");
            }
            saveExperiment(experiment);
            return experiment;
        }
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentQuery query) {
        List<Experiment> matching = experiments.values().stream()
                .filter(e -> query.viewType().includes(e.lifecycleStage()))
                .filter(e -> ExperimentMatcher.matches(query.filter(), e))
                .sorted(ExperimentOrdering.comparator(query.orderBy()))
                .toList();
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    // ---- runs

    @Override
    public boolean insertRun(Run run) {
        synchronized (lockFor(run.runId())) {
            if (runs.get(run.runId()) != null) {
                return false;
            }
            saveRun(run);
            return true;
        }
    }

    @Override
    public Optional<Run> getRun(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public RunInfo updateRunInfo(RunInfo info) {
        synchronized (lockFor(info.runId())) {
            saveRun(existingRun(info.runId()).withInfo(info));
            return info;
        }
    }

    @Override
    public void updateRunData(String runId, RunUpdate update) {
        synchronized (lockFor(runId)) {
            Run run = existingRun(runId);
            Map<String, String> params = new HashMap<>(run.params());
            update.params().forEach((key, value) -> {
                String stored = params.putIfAbsent(key, value);
                if (stored != null && !stored.equals(value)) {
                    throw TrackingService.paramClash(runId, key, stored, value);
                }
            });
            Map<String, String> tags = new HashMap<>(run.tags());
            tags.putAll(update.setTags());
            update.deleteTags().forEach(tags::remove);
            Map<String, MetricPoint> latest = new HashMap<>(run.latestMetrics());
            for (MetricPoint point : update.latestCandidates()) {
                MetricPoint current = latest.get(point.key());
                if (current == null || point.isNewerThan(current)) {
                    latest.put(point.key(), point);
                }
            }
            Run updated = new Run(run.info(), params, tags, latest, run.datasetInputs(), run.modelInputs(),
                    run.modelOutputs());
            saveRun(updated);
        }
    }

    @Override
    public Run addRunInputs(String runId, List<DatasetInput> datasets, List<String> modelIds) {
        synchronized (lockFor(runId)) {
            Run run = existingRun(runId);
            List<DatasetInput> merged = new ArrayList<>(run.datasetInputs());
            for (DatasetInput input : datasets) {
                if (!merged.contains(input)) {
                    merged.add(input);
                }
            }
            List<String> models = new ArrayList<>(run.modelInputs());
            modelIds.stream().filter(id -> !models.contains(id)).forEach(models::add);
            Run updated = new Run(run.info(), run.params(), run.tags(), run.latestMetrics(), merged, models,
                    run.modelOutputs());
            saveRun(updated);
            return updated;
        }
    }

    @Override
    public Run addRunOutputs(String runId, List<ModelOutput> outputs) {
        synchronized (lockFor(runId)) {
            Run run = existingRun(runId);
            List<ModelOutput> merged = new ArrayList<>(run.modelOutputs());
            outputs.stream().filter(o -> !merged.contains(o)).forEach(merged::add);
            Run updated = new Run(run.info(), run.params(), run.tags(), run.latestMetrics(), run.datasetInputs(),
                    run.modelInputs(), merged);
            saveRun(updated);
            return updated;
        }
    }

    @Override
    public Page<Run> searchRuns(RunQuery query) {
        if (query.maxResults() < 1) {
            return PageToken.page(List.of(), query.maxResults(), query.pageToken());
        }
        return runs.search(query);
    }

    /** Every run in memory; RunSearchBench measures the search it replaced (a full scan) on the same runs. */
    Collection<Run> allRuns() {
        return runs.all();
    }

    @Override
    public void setRunsLifecycle(String experimentId, LifecycleStage from, LifecycleStage to) {
        for (Run run : runs.all()) {
            if (run.info().experimentId().equals(experimentId) && run.info().lifecycleStage() == from) {
                synchronized (lockFor(run.runId())) {
                    Run current = existingRun(run.runId());
                    RunInfo i = current.info();
                    saveRun(current.withInfo(new RunInfo(i.runId(), i.experimentId(), i.runName(), i.userId(),
                            i.status(), i.startTime(), i.endTime(), i.artifactUri(), to)));
                }
            }
        }
    }

    // ---- files

    private String artifactLocation(String experimentId) {
        return artifactRootUri + "/" + experimentId;
    }

    private Optional<Experiment> findByName(String name) {
        return experiments.values().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    private Run existingRun(String runId) {
        Run run = runs.get(runId);
        if (run == null) {
            throw new ResourceNotFoundException("Run with id=" + runId + " not found");
        }
        return run;
    }

    private Object lockFor(String runId) {
        return runLocks.computeIfAbsent(runId, id -> new Object());
    }

    private void saveExperiment(Experiment experiment) {
        JsonFiles.write(experimentsDir.resolve(experiment.experimentId() + ".json"), experiment);
        experiments.put(experiment.experimentId(), experiment);
    }

    /** Callers hold the run's lock, so the index sees the run's versions in order. */
    private void saveRun(Run run) {
        JsonFiles.write(runsDir.resolve(run.runId() + ".json"), run);
        runs.put(run);
    }

    private static <T> List<T> load(Path dir, Class<T> type) {
        return JsonFiles.readAll(dir, type);
    }
}
