package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.port.ExperimentQuery;
import dev.mlops.core.port.LoggedModelQuery;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.recovery.StateView;
import dev.mlops.core.search.SearchFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The AWS state for verify: records through the stores (every read goes to DynamoDB, so there is no stale copy to
 * see past), and the metric buffer from one scan of the metrics table: manifests, live batches with their point
 * counts and append times.
 */
public final class AwsStateView implements StateView {

    private static final int PAGE = 1000;

    private final MetadataStore metadata;
    private final RegistryStore registry;
    private final LoggedModelStore loggedModels;
    private final DynamoDbClient client;
    private final String metricsTable;
    private final DynamoGuard guard;

    public AwsStateView(MetadataStore metadata, RegistryStore registry, LoggedModelStore loggedModels,
                        DynamoDbClient client, DynamoTables tables, DynamoGuard guard) {
        this.metadata = metadata;
        this.registry = registry;
        this.loggedModels = loggedModels;
        this.client = client;
        this.metricsTable = tables.metrics();
        this.guard = guard;
    }

    @Override
    public List<Experiment> experiments() {
        return all(token -> metadata.searchExperiments(new ExperimentQuery(SearchFilter.ALL, List.of(), ViewType.ALL,
                PAGE, token)));
    }

    @Override
    public List<Run> runs() {
        List<String> ids = experiments().stream().map(Experiment::experimentId).toList();
        List<Run> runs = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 100) {
            List<String> some = ids.subList(from, Math.min(ids.size(), from + 100));
            runs.addAll(all(token -> metadata.searchRuns(new RunQuery(some, SearchFilter.ALL, List.of(), ViewType.ALL,
                    PAGE, token))));
        }
        return runs;
    }

    @Override
    public List<RegisteredModel> models() {
        return all(token -> registry.searchModels(new ModelQuery(SearchFilter.ALL, List.of(), PAGE, token)));
    }

    @Override
    public List<ModelVersion> versions() {
        List<ModelVersion> versions = new ArrayList<>();
        models().forEach(m -> versions.addAll(registry.versionsOf(m.name())));
        return versions;
    }

    @Override
    public List<LoggedModel> loggedModels() {
        List<String> ids = experiments().stream().map(Experiment::experimentId).toList();
        List<LoggedModel> models = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 100) {
            List<String> some = ids.subList(from, Math.min(ids.size(), from + 100));
            models.addAll(all(token -> loggedModels.search(new LoggedModelQuery(some, SearchFilter.ALL, List.of(),
                    PAGE, token))));
        }
        return models;
    }

    @Override
    public List<BufferState> buffers() {
        Map<String, LakeManifest> manifests = new HashMap<>();
        Map<String, List<Map<String, AttributeValue>>> live = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = guard.call("Scan metric buffer", () -> client.scan(b -> {
                b.tableName(metricsTable).consistentRead(true);
                if (from != null) {
                    b.exclusiveStartKey(from);
                }
            }));
            for (Map<String, AttributeValue> item : page.items()) {
                String run = item.get(DynamoTables.METRIC_RUN).s();
                String sk = item.get(DynamoTables.METRIC_BATCH).s();
                if (sk.equals(DynamoMetricStore.MANIFEST_SK)) {
                    manifests.put(run, DynamoMetricStore.manifest(run, item));
                } else if (item.containsKey(DynamoMetricStore.POINTS)) {
                    live.computeIfAbsent(run, k -> new ArrayList<>()).add(item);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        Set<String> runs = new HashSet<>(manifests.keySet());
        runs.addAll(live.keySet());
        List<BufferState> buffers = new ArrayList<>();
        for (String run : runs) {
            LakeManifest manifest = manifests.getOrDefault(run, LakeManifest.empty(run));
            Set<String> covered = manifest.coveredBatches();
            Set<String> uncovered = new HashSet<>();
            long pending = 0;
            long oldest = 0;
            String experiment = null;
            for (Map<String, AttributeValue> batch : live.getOrDefault(run, List.of())) {
                String digest = batch.get(DynamoTables.METRIC_BATCH).s();
                AttributeValue exp = batch.get(DynamoMetricStore.EXPERIMENT);
                experiment = exp == null ? experiment : exp.s();
                if (covered.contains(digest)) {
                    continue;
                }
                uncovered.add(digest);
                pending += Long.parseLong(batch.get(DynamoMetricStore.COUNT).n());
                AttributeValue at = batch.get(DynamoMetricStore.APPENDED_AT);
                if (at != null) {
                    long appended = Long.parseLong(at.n());
                    oldest = oldest == 0 ? appended : Math.min(oldest, appended);
                }
            }
            if (experiment == null) {
                experiment = manifest.files().stream().map(LakeManifest.LakeFile::name)
                        .filter(n -> n.startsWith("experiment_id=") && n.indexOf('/') > 0)
                        .map(n -> n.substring("experiment_id=".length(), n.indexOf('/'))).findFirst().orElse(null);
            }
            buffers.add(new BufferState(run, experiment, manifest, pending, uncovered, oldest));
        }
        return buffers;
    }

    /** Items that do not parse are read by the stores as best they can; none are listed here. */
    @Override
    public List<Unreadable> unreadable() {
        return List.of();
    }

    private static <T> List<T> all(Function<String, Page<T>> pages) {
        List<T> items = new ArrayList<>();
        String token = null;
        do {
            Page<T> page = pages.apply(token);
            items.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return items;
    }
}
