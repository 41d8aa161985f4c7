package dev.mlops.ui.graphql;

import dev.mlops.api.dto.TrackingViews;
import dev.mlops.api.dto.TrackingViews.BulkMetrics;
import dev.mlops.api.dto.TrackingViews.DatasetSummaries;
import dev.mlops.api.dto.TrackingViews.ExperimentResponse;
import dev.mlops.api.dto.TrackingViews.ExperimentView;
import dev.mlops.api.dto.TrackingViews.MetricView;
import dev.mlops.api.dto.TrackingViews.MetricWithRunId;
import dev.mlops.api.dto.TrackingViews.RunArtifacts;
import dev.mlops.api.dto.TrackingViews.RunResponse;
import dev.mlops.api.dto.TrackingViews.RunView;
import dev.mlops.api.dto.TrackingViews.RunsPage;
import dev.mlops.api.dto.WireMapper;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.port.Page;
import dev.mlops.core.service.ArtifactService;
import dev.mlops.core.service.RegistryService;
import dev.mlops.core.service.RegistryViews.VersionPage;
import dev.mlops.core.service.RegistryViews.VersionView;
import dev.mlops.core.service.TrackingService;
import dev.mlops.registry.api.RegistryResponses;
import dev.mlops.registry.api.RegistryResponses.ModelVersionView;
import dev.mlops.registry.api.RegistryResponses.ModelVersionsPage;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;

/**
 * The fetchers behind MLflow's GraphQL fields. Each root field decodes its input and makes one core service call;
 * the answers reuse the REST API's wire records, whose component names are the schema's field names. A run's
 * {@code experiment} and {@code modelVersions} go through per-request data loaders, so a page of 100 runs costs one
 * experiment read per experiment and one version search, not 100 of each.
 */
final class UiResolvers {

    static final String EXPERIMENTS = "experiments";
    static final String VERSIONS_BY_RUN = "modelVersionsByRun";

    private final TrackingService tracking;
    private final ArtifactService artifacts;
    private final RegistryService registry;

    UiResolvers(TrackingService tracking, ArtifactService artifacts, RegistryService registry) {
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.registry = registry;
    }

    RuntimeWiring wiring() {
        DataFetcher<?> searchRuns = env -> searchRuns(input(env));
        DataFetcher<?> finiteValue = env -> finite(env.getSource());
        // MLflow's echo fields, which clients use to check that GraphQL answers at all
        DataFetcher<?> echo = env -> {
            Map<String, Object> output = new HashMap<>();
            output.put("output", env.getArgument("inputString"));
            return output;
        };
        return RuntimeWiring.newRuntimeWiring()
                .scalar(LongStringScalar.TYPE)
                .type("Query", t -> t
                        .dataFetcher("mlflowGetExperiment", env -> getExperiment(input(env)))
                        .dataFetcher("mlflowGetRun", env -> getRun(input(env)))
                        .dataFetcher("mlflowSearchRuns", searchRuns)
                        .dataFetcher("mlflowListArtifacts", env -> listArtifacts(input(env)))
                        .dataFetcher("mlflowGetMetricHistoryBulkInterval", env -> bulkInterval(input(env)))
                        .dataFetcher("mlflowSearchModelVersions", env -> searchVersions(input(env)))
                        .dataFetcher("test", echo))
                .type("Mutation", t -> t
                        .dataFetcher("mlflowSearchRuns", searchRuns)
                        .dataFetcher("mlflowSearchDatasets", env -> searchDatasets(input(env)))
                        .dataFetcher("testMutation", echo))
                .type("MlflowRunExtension", t -> t
                        .dataFetcher("experiment", env -> env.getDataLoader(EXPERIMENTS)
                                .load(((RunView) env.getSource()).info().experimentId()))
                        .dataFetcher("modelVersions", env -> env.getDataLoader(VERSIONS_BY_RUN)
                                .load(((RunView) env.getSource()).info().runId())))
                .type("MlflowMetricExtension", t -> t.dataFetcher("value", finiteValue))
                // MLflow's GraphQL reads proto messages, where an unset string is "" and an unset size 0 (REST leaves
                // both out): a dataset logged without a context, a directory's size
                .type("MlflowDatasetSummary", t -> t.dataFetcher("context", env -> {
                    String context = ((TrackingViews.DatasetSummaryView) env.getSource()).context();
                    return context == null ? "" : context;
                }))
                .type("MlflowFileInfo", t -> t.dataFetcher("fileSize", env -> {
                    Long size = ((TrackingViews.FileInfo) env.getSource()).fileSize();
                    return size == null ? 0L : size;
                }))
                .type("MlflowMetricWithRunId", t -> t.dataFetcher("value", finiteValue))
                .build();
    }

    /** Fresh loaders for each request: their caches must not outlive it. */
    DataLoaderRegistry loaders() {
        DataLoaderRegistry loaders = new DataLoaderRegistry();
        loaders.register(EXPERIMENTS, DataLoaderFactory.<String, ExperimentView>newDataLoader(ids ->
                CompletableFuture.supplyAsync(() -> ids.stream()
                        .map(id -> WireMapper.experiment(tracking.getExperiment(id))).toList(), Runnable::run)));
        loaders.register(VERSIONS_BY_RUN, DataLoaderFactory.<String, List<ModelVersionView>>newDataLoader(runIds ->
                CompletableFuture.supplyAsync(() -> versionsOf(runIds), Runnable::run)));
        return loaders;
    }

    private ExperimentResponse getExperiment(Map<String, Object> input) {
        return new ExperimentResponse(WireMapper.experiment(tracking.getExperiment(text(input, "experimentId"))));
    }

    private RunResponse getRun(Map<String, Object> input) {
        return new RunResponse(WireMapper.run(tracking.getRun(firstNonEmpty(input, "runId", "runUuid"))));
    }

    private RunsPage searchRuns(Map<String, Object> input) {
        Object viewType = input.get("runViewType");
        Page<Run> page = tracking.searchRuns(strings(input, "experimentIds"), text(input, "filter"),
                viewType == null ? null : ViewType.valueOf(viewType.toString()), (Integer) input.get("maxResults"),
                strings(input, "orderBy"), text(input, "pageToken"));
        return new RunsPage(page.items().stream().map(WireMapper::run).toList(), page.nextPageToken());
    }

    private RunArtifacts listArtifacts(Map<String, Object> input) {
        ArtifactService.RunListing listing = artifacts.listRunArtifacts(firstNonEmpty(input, "runId", "runUuid"),
                text(input, "path"));
        return new RunArtifacts(listing.rootUri(), listing.files().stream().map(WireMapper::fileInfo).toList(), null);
    }

    private BulkMetrics bulkInterval(Map<String, Object> input) {
        return new BulkMetrics(tracking.metricHistoryBulkInterval(strings(input, "runIds"),
                        text(input, "metricKey"), longOrNull(input.get("startStep")),
                        longOrNull(input.get("endStep")), (Integer) input.get("maxResults")).stream()
                .map(WireMapper::metricWithRunId).toList());
    }

    private DatasetSummaries searchDatasets(Map<String, Object> input) {
        return WireMapper.datasetSummaries(tracking.searchDatasets(strings(input, "experimentIds")));
    }

    private ModelVersionsPage searchVersions(Map<String, Object> input) {
        Long maxResults = longOrNull(input.get("maxResults"));
        VersionPage page = registry.searchModelVersions(text(input, "filter"),
                maxResults == null ? null : (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, maxResults)),
                strings(input, "orderBy"), text(input, "pageToken"));
        return new ModelVersionsPage(page.versions().stream().map(RegistryResponses::version).toList(),
                page.nextPageToken());
    }

    /** One registry search for all the runs a request asks about ({@code run_id IN (...)}), every page of it. */
    private List<List<ModelVersionView>> versionsOf(List<String> runIds) {
        Set<String> distinct = new LinkedHashSet<>(runIds);
        String filter = distinct.stream().map(id -> "'" + id.replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "run_id IN (", ")"));
        Map<String, List<ModelVersionView>> byRun = new HashMap<>();
        String token = null;
        do {
            VersionPage page = registry.searchModelVersions(filter, RegistryService.SEARCH_VERSIONS_MAX, null, token);
            for (VersionView v : page.versions()) {
                byRun.computeIfAbsent(v.version().runId(), k -> new ArrayList<>()).add(RegistryResponses.version(v));
            }
            token = page.nextPageToken();
        } while (token != null && !token.isEmpty());
        return runIds.stream().map(id -> byRun.getOrDefault(id, List.of())).toList();
    }

    /** GraphQL's Float has no NaN or infinities; MLflow answers null for them, and so do we. */
    private static Double finite(Object source) {
        double value = switch (source) {
            case MetricView m -> m.value();
            case MetricWithRunId m -> m.value();
            default -> Double.NaN;
        };
        return Double.isFinite(value) ? value : null;
    }

    private static Map<String, Object> input(DataFetchingEnvironment env) {
        Map<String, Object> input = env.getArgument("input");
        return input == null ? Map.of() : input;
    }

    private static String text(Map<String, Object> input, String field) {
        Object value = input.get(field);
        return value == null ? null : value.toString();
    }

    private static String firstNonEmpty(Map<String, Object> input, String first, String second) {
        String value = text(input, first);
        return value != null && !value.isEmpty() ? value : text(input, second);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> input, String field) {
        return (List<String>) input.get(field);
    }

    private static Long longOrNull(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
