package dev.mlops.databricks.store;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.sql.Warehouse;
import java.util.List;
import java.util.Optional;

/** Experiments and runs as Delta tables ({@code experiments}, {@code runs}); see those classes for the SQL. */
public final class DatabricksMetadataStore implements MetadataStore {

    private final ExperimentsTable experiments;
    private final RunsTable runs;

    public DatabricksMetadataStore(Warehouse warehouse, DatabricksSettings settings, String artifactRootUri,
                                   long now) {
        this.experiments = new ExperimentsTable(warehouse, settings, artifactRootUri);
        this.runs = new RunsTable(warehouse, settings);
        experiments.ensureDefault(now);
    }

    @Override
    public Experiment createExperiment(NewExperiment request) {
        return experiments.create(request);
    }

    @Override
    public Optional<Experiment> getExperiment(String experimentId) {
        return experiments.byId(experimentId);
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        return experiments.byName(name);
    }

    @Override
    public Experiment updateExperiment(Experiment experiment) {
        return experiments.update(experiment);
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentQuery query) {
        return experiments.search(query);
    }

    @Override
    public boolean insertRun(Run run) {
        return runs.insert(run);
    }

    @Override
    public Optional<Run> getRun(String runId) {
        return runs.get(runId);
    }

    @Override
    public RunInfo updateRunInfo(RunInfo info) {
        return runs.updateInfo(info);
    }

    @Override
    public void updateRunData(String runId, RunUpdate update) {
        runs.updateData(runId, update);
    }

    @Override
    public Run addRunInputs(String runId, List<DatasetInput> datasets, List<String> modelIds) {
        return runs.addInputs(runId, datasets, modelIds);
    }

    @Override
    public Run addRunOutputs(String runId, List<ModelOutput> outputs) {
        return runs.addOutputs(runId, outputs);
    }

    @Override
    public Page<Run> searchRuns(RunQuery query) {
        return runs.search(query);
    }

    @Override
    public void setRunsLifecycle(String experimentId, LifecycleStage from, LifecycleStage to) {
        runs.setLifecycle(experimentId, from, to);
    }
}
