package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.LoggedModelStatus;
import dev.mlops.core.domain.ModelMetric;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.LoggedModelQuery;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.Page;
import dev.mlops.core.search.DatasetRef;
import dev.mlops.core.search.LoggedModelOrdering;
import dev.mlops.core.search.LoggedModelOrder;
import dev.mlops.core.search.SearchFilter;
import dev.mlops.core.search.SearchFilterParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What every {@link LoggedModelStore} must do. Each backend's test extends this and supplies a fresh store. */
public abstract class LoggedModelStoreContract {

    private static final AtomicLong CLOCK = new AtomicLong(1_700_000_000_000L);

    protected abstract LoggedModelStore store();

    @Test
    void insert_shouldStoreTheModelWhole_whenIdIsNew() {
        LoggedModel model = model(uniqueExperiment(), "clf", Map.of("team", "a"), Map.of("lr", "0.1"));

        boolean inserted = store().insert(model);

        assertThat(inserted).isTrue();
        assertThat(store().get(model.modelId())).contains(model);
    }

    @Test
    void insert_shouldKeepTheFirstRecord_whenIdExists() {
        LoggedModel first = model(uniqueExperiment(), "first", Map.of(), Map.of());
        store().insert(first);
        LoggedModel retry = new LoggedModel(first.modelId(), first.experimentId(), "second",
                first.artifactLocation(), 1, 1, null, null, LoggedModelStatus.PENDING, null, LifecycleStage.ACTIVE,
                Map.of(), Map.of());

        boolean inserted = store().insert(retry);

        assertThat(inserted).isFalse();
        assertThat(store().get(first.modelId()).orElseThrow().name()).isEqualTo("first");
    }

    @Test
    void get_shouldBeEmpty_whenModelIsUnknown() {
        assertThat(store().get("m-" + UUID.randomUUID().toString().replace("-", ""))).isEmpty();
    }

    @Test
    void update_shouldStoreTheChangedRecord() {
        LoggedModel model = model(uniqueExperiment(), "clf", Map.of("a", "1"), Map.of("p", "x"));
        store().insert(model);

        LoggedModel ready = store().update(model.modelId(),
                m -> m.withStatus(LoggedModelStatus.READY, "done", m.lastUpdatedTimestamp() + 5)
                        .withTags(Map.of("a", "1", "b", "2"), m.lastUpdatedTimestamp() + 5));

        assertThat(ready.status()).isEqualTo(LoggedModelStatus.READY);
        assertThat(store().get(model.modelId())).contains(ready);
        assertThat(ready.tags()).containsEntry("b", "2");
        assertThat(ready.params()).containsEntry("p", "x");
    }

    @Test
    void update_shouldThrowResourceNotFound_whenModelIsUnknown() {
        assertThatThrownBy(() -> store().update("m-missing", m -> m))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void update_shouldWriteNothing_whenTheChangeThrows() {
        LoggedModel model = model(uniqueExperiment(), "clf", Map.of(), Map.of());
        store().insert(model);

        assertThatThrownBy(() -> store().update(model.modelId(), m -> {
            throw new InvalidParameterException("refused");
        })).isInstanceOf(InvalidParameterException.class);

        assertThat(store().get(model.modelId())).contains(model);
    }

    @Test
    void update_shouldLoseNoWrite_whenManyWritersChangeOneModel() throws Exception {
        LoggedModel model = model(uniqueExperiment(), "busy", Map.of(), Map.of());
        store().insert(model);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String key = "k" + i;
                writes.add(pool.submit(() -> store().update(model.modelId(), m -> {
                    Map<String, String> tags = new HashMap<>(m.tags());
                    tags.put(key, "v");
                    return m.withTags(tags, m.lastUpdatedTimestamp() + 1);
                })));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store().get(model.modelId()).orElseThrow().tags()).hasSize(16);
    }

    @Test
    void search_shouldReturnActiveModelsOfTheExperiments_newestFirst() {
        String exp = uniqueExperiment();
        LoggedModel older = insert(model(exp, "older", Map.of(), Map.of()));
        LoggedModel newer = insert(model(exp, "newer", Map.of(), Map.of()));
        LoggedModel deleted = insert(model(exp, "gone", Map.of(), Map.of()));
        store().update(deleted.modelId(), m -> m.withLifecycle(LifecycleStage.DELETED, m.lastUpdatedTimestamp()));
        insert(model(uniqueExperiment(), "elsewhere", Map.of(), Map.of()));

        Page<LoggedModel> page = store().search(query(List.of(exp), SearchFilter.ALL, List.of(), 100, null));

        assertThat(page.items()).extracting(LoggedModel::modelId).containsExactly(newer.modelId(), older.modelId());
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void search_shouldApplyFilterOnNameTagsParamsAndStatus() {
        String exp = uniqueExperiment();
        LoggedModel wanted = insert(model(exp, "model", Map.of("team", "a"), Map.of("lr", "0.1")));
        store().update(wanted.modelId(), m -> m.withStatus(LoggedModelStatus.READY, null, m.lastUpdatedTimestamp()));
        insert(model(exp, "model", Map.of("team", "b"), Map.of("lr", "0.1")));
        insert(model(exp, "other", Map.of("team", "a"), Map.of("lr", "0.1")));

        Page<LoggedModel> page = store().search(query(List.of(exp), SearchFilterParser.parseLoggedModelFilter(
                "name = 'model' AND tags.team = 'a' AND params.lr = '0.1' AND status = 'LOGGED_MODEL_READY'"),
                List.of(), 100, null));

        assertThat(page.items()).extracting(LoggedModel::modelId).containsExactly(wanted.modelId());
    }

    @Test
    void update_shouldKeepMetricsWithNaNAndDatasets_andTheLatestPerSeries() {
        LoggedModel model = insert(model(uniqueExperiment(), "m", Map.of(), Map.of()));

        store().update(model.modelId(), m -> m.withMetrics(List.of(
                new ModelMetric("acc", 0.5, 10, 1, "run1", "eval", "d1"),
                new ModelMetric("loss", Double.NaN, 10, 1, "run1", null, null)), 11));
        store().update(model.modelId(), m -> m.withMetrics(List.of(
                new ModelMetric("acc", 0.7, 20, 2, "run1", "eval", "d1"),
                new ModelMetric("acc", 0.1, 5, 0, "run1", "eval", "d1"),
                new ModelMetric("acc", 0.6, 20, 2, "run2", "eval", "d1")), 12));

        List<ModelMetric> stored = store().get(model.modelId()).orElseThrow().metrics();
        assertThat(stored).hasSize(3);
        assertThat(stored.get(0)).isEqualTo(new ModelMetric("acc", 0.7, 20, 2, "run1", "eval", "d1"));
        assertThat(stored.get(1).value()).isNaN();
        assertThat(stored.get(1).datasetName()).isNull();
        assertThat(stored.get(2).runId()).isEqualTo("run2");
    }

    @Test
    void search_shouldFilterOnDatasetsAndMetrics_andOrderByAMetricOfADataset() {
        String exp = uniqueExperiment();
        LoggedModel evalHigh = insert(model(exp, "high", Map.of(), Map.of()));
        LoggedModel evalLow = insert(model(exp, "low", Map.of(), Map.of()));
        LoggedModel trainOnly = insert(model(exp, "train", Map.of(), Map.of()));
        insert(model(exp, "none", Map.of(), Map.of()));
        store().update(evalHigh.modelId(), m -> m.withMetrics(List.of(
                new ModelMetric("acc", 0.9, 1, 0, "r", "eval", "d1"),
                new ModelMetric("acc", 0.1, 1, 0, "r", "train", "d0")), 2));
        store().update(evalLow.modelId(), m -> m.withMetrics(List.of(
                new ModelMetric("acc", 0.4, 1, 0, "r", "eval", "d2")), 2));
        store().update(trainOnly.modelId(), m -> m.withMetrics(List.of(
                new ModelMetric("acc", 0.99, 1, 0, "r", "train", "d0")), 2));
        List<DatasetRef> eval = List.of(new DatasetRef("eval", null));

        Page<LoggedModel> onEval = store().search(new LoggedModelQuery(List.of(exp), SearchFilter.ALL, eval,
                List.of(LoggedModelOrdering.parse("metrics.acc", true, "eval", null)), 100, null));
        Page<LoggedModel> digest = store().search(new LoggedModelQuery(List.of(exp), SearchFilter.ALL,
                List.of(new DatasetRef("eval", "d2")), List.of(), 100, null));
        Page<LoggedModel> goodOnEval = store().search(new LoggedModelQuery(List.of(exp),
                SearchFilterParser.parseLoggedModelFilter("metrics.acc > 0.5"), eval, List.of(), 100, null));

        assertThat(onEval.items()).extracting(LoggedModel::name).containsExactly("low", "high");
        assertThat(digest.items()).extracting(LoggedModel::name).containsExactly("low");
        assertThat(goodOnEval.items()).extracting(LoggedModel::name).containsExactly("high");
    }

    @Test
    void search_shouldSpanExperimentsInRequestedOrderAndPage() {
        String a = uniqueExperiment();
        String b = uniqueExperiment();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "n" + i;
            names.add(name);
            insert(model(i % 2 == 0 ? a : b, name, Map.of(), Map.of()));
        }
        List<LoggedModelOrder> byName = List.of(LoggedModelOrdering.parse("name", true));

        Page<LoggedModel> first = store().search(query(List.of(a, b), SearchFilter.ALL, byName, 2, null));
        Page<LoggedModel> second = store().search(query(List.of(a, b), SearchFilter.ALL, byName, 2,
                first.nextPageToken()));
        Page<LoggedModel> third = store().search(query(List.of(a, b), SearchFilter.ALL, byName, 2,
                second.nextPageToken()));

        List<String> seen = new ArrayList<>();
        for (Page<LoggedModel> page : List.of(first, second, third)) {
            page.items().forEach(m -> seen.add(m.name()));
        }
        assertThat(seen).containsExactlyElementsOf(names);
        assertThat(third.nextPageToken()).isNull();
    }

    // ---- fixtures

    private LoggedModel insert(LoggedModel model) {
        assertThat(store().insert(model)).isTrue();
        return model;
    }

    private static LoggedModelQuery query(List<String> experiments, SearchFilter filter, List<LoggedModelOrder> orderBy,
                                          int max, String token) {
        return new LoggedModelQuery(experiments, filter, orderBy, max, token);
    }

    /** Experiment ids are plain numbers; stores do not check that they exist (the service does). */
    protected static String uniqueExperiment() {
        return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 1000);
    }

    protected static LoggedModel model(String experimentId, String name, Map<String, String> tags,
                                       Map<String, String> params) {
        String id = "m-" + UUID.randomUUID().toString().replace("-", "");
        long now = CLOCK.addAndGet(1000);
        return new LoggedModel(id, experimentId, name, "mlflow-artifacts:/" + experimentId + "/models/" + id
                + "/artifacts", now, now, "agent", "r" + id.substring(2, 12), LoggedModelStatus.PENDING, null,
                LifecycleStage.ACTIVE, tags, params);
    }
}
