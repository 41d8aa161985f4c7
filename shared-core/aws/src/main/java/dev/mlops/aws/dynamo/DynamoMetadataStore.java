package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunIdentity;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.core.search.MetricOrderedSearch;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
    private final SearchIndexRebuild rebuild;
    private final DynamoDbClient client;
    private final String searchTable;
    private final String metadataTable;
    private final DynamoGuard guard;

    /**
     * @param artifactRootUri where experiments' artifacts go by default, without a trailing slash; an experiment's
     *                        location is {@code <root>/<experiment id>}
     */
    public DynamoMetadataStore(DynamoDbClient client, DynamoTables tables, DynamoGuard guard, String artifactRootUri,
                               InstantSource clock) {
        String table = tables.metadata();
        Writes metadataWrites = new Writes(client, table, guard);
        Writes indexWrites = new Writes(client, tables.search(), guard);
        this.experiments = new ExperimentTable(client, table, guard, artifactRootUri, clock);
        this.reader = new RunReader(client, table, guard);
        this.runs = new RunTable(client, table, guard, reader, indexWrites, clock);
        this.data = new RunDataWriter(metadataWrites, indexWrites, reader);
        HeaderStreams headers = new HeaderStreams(client, table, guard);
        this.search = new RunSearch(headers, reader);
        this.rebuild = new SearchIndexRebuild(headers, reader, metadataWrites, indexWrites, client, tables.search(),
                guard);
        this.client = client;
        this.searchTable = tables.search();
        this.metadataTable = table;
        this.guard = guard;
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

    /** The header alone (one consistent GetItem), not the run's partition: a run with 10,000 keys costs 1 RCU. */
    @Override
    public Optional<RunIdentity> getRunIdentity(String runId) {
        Map<String, AttributeValue> header = guard.call("GetItem run " + runId, () -> client.getItem(b -> b
                .tableName(metadataTable).key(RunItems.headerKey(runId)).consistentRead(true))).item();
        return header == null || header.isEmpty() ? Optional.empty()
                : Optional.of(RunIdentity.of(RunItems.info(header)));
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

    /**
     * Searches ordered by a metric over whole experiments walk the search index ({@link DynamoRunIndex}): strongly
     * consistent and about the page's cost. The others, and the narrower plans (run ids, parent, status) and
     * DELETED_ONLY, read the global secondary indexes as before ({@link RunSearch}).
     */
    @Override
    public Run addRunOutputs(String runId, List<ModelOutput> outputs) {
        return runs.addOutputs(runId, outputs);
    }

    @Override
    public Page<Run> searchRuns(RunQuery query) {
        if (MetricOrderedSearch.applies(query) && query.viewType() != ViewType.DELETED_ONLY
                && SearchPlan.of(query).source() instanceof SearchPlan.Source.ByExperiment) {
            return MetricOrderedSearch.search(query, new DynamoRunIndex(client, searchTable, guard, reader));
        }
        return search.search(query);
    }

    @Override
    public void rebuildSearchIndex(String experimentId) {
        rebuild.rebuild(experimentId);
    }

    @Override
    public void setRunsLifecycle(String experimentId, LifecycleStage from, LifecycleStage to) {
        runs.setLifecycle(experimentId, from, to);
    }
}
