package dev.mlops.api.cache;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunIdentity;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.port.RunUpdate;
import java.util.List;
import java.util.Optional;

/**
 * Experiments by id and name and runs' unchanging parts from {@link ReadCaches}; everything else, and every search,
 * goes to the store. A write to an experiment invalidates it after the store took it, by id and under every name it
 * is cached by, so this instance never answers with what it just changed.
 */
public final class CachingMetadataStore implements MetadataStore {

    private final MetadataStore store;
    private final ReadCaches caches;

    public CachingMetadataStore(MetadataStore store, ReadCaches caches) {
        this.store = store;
        this.caches = caches;
    }

    @Override
    public Experiment createExperiment(NewExperiment request) {
        Experiment created = store.createExperiment(request);
        caches.experiments.invalidate(created.experimentId());
        caches.experimentNames.invalidate(created.name());
        return created;
    }

    @Override
    public Optional<Experiment> getExperiment(String experimentId) {
        return caches.experiments.get(experimentId, store::getExperiment);
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        return caches.experimentNames.get(name, store::getExperimentByName);
    }

    @Override
    public Experiment updateExperiment(Experiment experiment) {
        try {
            return store.updateExperiment(experiment);
        } finally {
            forget(experiment.experimentId());
        }
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentQuery query) {
        return store.searchExperiments(query);
    }

    @Override
    public boolean insertRun(Run run) {
        return store.insertRun(run);
    }

    @Override
    public Optional<Run> getRun(String runId) {
        return store.getRun(runId);
    }

    @Override
    public Optional<RunIdentity> getRunIdentity(String runId) {
        return caches.runs.get(runId, store::getRunIdentity);
    }

    @Override
    public RunInfo updateRunInfo(RunInfo info) {
        return store.updateRunInfo(info);
    }

    @Override
    public void updateRunData(String runId, RunUpdate update) {
        store.updateRunData(runId, update);
    }

    @Override
    public Run addRunInputs(String runId, List<DatasetInput> datasets, List<String> modelIds) {
        return store.addRunInputs(runId, datasets, modelIds);
    }

    @Override
    public Run addRunOutputs(String runId, List<ModelOutput> outputs) {
        return store.addRunOutputs(runId, outputs);
    }

    @Override
    public Page<Run> searchRuns(RunQuery query) {
        return store.searchRuns(query);
    }

    @Override
    public void setRunsLifecycle(String experimentId, LifecycleStage from, LifecycleStage to) {
        store.setRunsLifecycle(experimentId, from, to);
    }

    @Override
    public void rebuildSearchIndex(String experimentId) {
        store.rebuildSearchIndex(experimentId);
    }

    /** The experiment by id, and under any name it is cached by (a rename leaves the old name cached). */
    private void forget(String experimentId) {
        caches.experiments.invalidate(experimentId);
        caches.experimentNames.invalidateIf(name -> true);
    }
}
