package dev.mlops.aws.dynamo;

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
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link MetadataStore} on one DynamoDB table (layout in docs/dynamodb-design.md). Stateless apart from the clients,
 * so any number of Lambda instances can share the table; uniqueness and param immutability rest on conditional
 * writes, never on locks. Point reads are strongly consistent; searches read global secondary indexes, which are
 * eventually consistent, as on DynamoDB they must be.
 */
public final class DynamoMetadataStore implements MetadataStore {

    private final ExperimentTable experiments;
    private final RunTable runs;
    private final RunReader reader;
    private final RunDataWriter data;
    private final RunSearch search;

    /**
     * @param artifactRootUri where experiments' artifacts go by default, without a trailing slash; an experiment's
     *                        location is {@code <root>/<experiment id>}
     */
    public DynamoMetadataStore(DynamoDbClient client, DynamoTables tables, DynamoGuard guard, String artifactRootUri,
                               InstantSource clock) {
        String table = tables.metadata();
        this.experiments = new ExperimentTable(client, table, guard, artifactRootUri, clock);
        this.reader = new RunReader(client, table, guard);
        this.runs = new RunTable(client, table, guard, reader, clock);
        this.data = new RunDataWriter(new Writes(client, table, guard), reader);
        this.search = new RunSearch(new HeaderStreams(client, table, guard), reader);
    }

    @Override
    public Experiment createExperiment(NewExperiment request) {
        experiments.ensureDefault();
        return experiments.create(request);
    }

    @Override
    public Optional<Experiment> getExperiment(String experimentId) {
        experiments.ensureDefault();
        return experiments.get(experimentId);
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        experiments.ensureDefault();
        return experiments.getByName(name);
    }

    @Override
    public Experiment updateExperiment(Experiment experiment) {
        experiments.ensureDefault();
        return experiments.update(experiment);
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentQuery query) {
        experiments.ensureDefault();
        return experiments.search(query);
    }

    @Override
    public boolean insertRun(Run run) {
        return runs.insert(run);
    }

    @Override
    public Optional<Run> getRun(String runId) {
        return reader.get(runId, true);
    }

    @Override
    public RunInfo updateRunInfo(RunInfo info) {
        return runs.updateInfo(info);
    }

    @Override
    public void updateRunData(String runId, RunUpdate update) {
        data.apply(runId, update);
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
        return search.search(query);
    }

    @Override
    public void setRunsLifecycle(String experimentId, LifecycleStage from, LifecycleStage to) {
        runs.setLifecycle(experimentId, from, to);
    }
}
