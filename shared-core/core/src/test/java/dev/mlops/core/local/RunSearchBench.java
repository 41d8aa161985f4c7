package dev.mlops.core.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.search.OrderByParser;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.search.RunMatcher;
import dev.mlops.core.search.RunOrdering;
import dev.mlops.core.search.SearchFilterParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: the local store's run search over N runs ({@code -Dbench.search.runs=N}, run by
 * {@code ./mlops bench --search} in a 1 GB heap), side by side with the search it replaced (every run filtered,
 * sorted, then paged) on the same runs in the same JVM. Prints figures; asserts only that both answer alike.
 * Runs look like a sweep's: 5 params, 3 tags, 5 latest metrics; their files are written without fsync (setup only).
 */
@EnabledIfSystemProperty(named = "bench.search", matches = "true")
class RunSearchBench {

    private static final int RUNS = Integer.getInteger("bench.search.runs", 10_000);
    private static final String[] OPTIMIZERS = {"adam", "sgd", "rmsprop"};

    @TempDir
    Path dir;

    @Test
    void searchAtScale() throws IOException {
        writeRuns();
        long t0 = System.nanoTime();
        LocalMetadataStore store = new LocalMetadataStore(dir, "mlflow-artifacts:", 1L);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        long heap = usedHeapAfterGc();
        System.out.printf("%n[bench.search] %,d runs: loaded in %.1f s; heap in use after GC %,d MB (max %,d MB)%n",
                RUNS, loadSeconds, heap >> 20, Runtime.getRuntime().maxMemory() >> 20);

        RunQuery top = query("metrics.acc > 0.5", List.of("metrics.acc DESC"), 100, null);
        compare("metrics.acc > 0.5, order by metrics.acc DESC, top 100", 20,
                () -> store.searchRuns(top).items(), () -> before(store, top).items());
        compare("params.optimizer = 'adam' AND tags.team = 'vision', all pages of 1000", 5,
                () -> allPages(p -> store.searchRuns(p)), () -> allPages(p -> before(store, p)));
        RunQuery first = query("", List.of(), 100, null);
        compare("default order, first page of 100", 20, () -> store.searchRuns(first).items(),
                () -> before(store, first).items());
        RunQuery byParam = query("", List.of("params.lr ASC"), 100, null);
        compare("order by params.lr (no index), top 100", 5, () -> store.searchRuns(byParam).items(),
                () -> before(store, byParam).items());
    }

    /** The search before the index: every run of the store filtered, sorted and paged (LocalMetadataStore as was). */
    private static Page<Run> before(LocalMetadataStore store, RunQuery query) {
        Set<String> experiments = new HashSet<>(query.experimentIds());
        List<Run> matching = store.allRuns().stream()
                .filter(r -> experiments.contains(r.info().experimentId()))
                .filter(r -> query.viewType().includes(r.info().lifecycleStage()))
                .filter(r -> RunMatcher.matches(query.filter(), r))
                .sorted(RunOrdering.comparator(query.orderBy()))
                .toList();
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    private static List<Run> allPages(java.util.function.Function<RunQuery, Page<Run>> search) {
        List<Run> all = new java.util.ArrayList<>();
        String token = null;
        do {
            Page<Run> page = search.apply(query("params.optimizer = 'adam' AND tags.team = 'vision'", List.of(),
                    1000, token));
            all.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return all;
    }

    private static void compare(String what, int repeats, Supplier<List<Run>> now, Supplier<List<Run>> was) {
        List<Run> a = now.get();
        List<Run> b = was.get();
        if (!a.stream().map(Run::runId).toList().equals(b.stream().map(Run::runId).toList())) {
            throw new IllegalStateException("the index and the scan answer differently: " + what);
        }
        double nowMs = median(repeats, now);
        double wasMs = median(repeats, was);
        System.out.printf("[bench.search] %-62s index %8.2f ms | full scan %8.2f ms | %6.1fx (%d runs)%n", what,
                nowMs, wasMs, wasMs / nowMs, a.size());
    }

    private static double median(int repeats, Supplier<List<Run>> search) {
        for (int i = 0; i < 3; i++) {
            search.get();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            search.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    private static RunQuery query(String filter, List<String> orderBy, int max, String token) {
        return new RunQuery(List.of(Experiment.DEFAULT_ID), SearchFilterParser.parseRunFilter(filter),
                OrderByParser.parseRunOrderBy(orderBy), ViewType.ACTIVE_ONLY, max, token);
    }

    /** The runs' JSON files, as the store writes them, but without fsync: this is set-up, not what is measured. */
    private void writeRuns() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path runs = Files.createDirectories(dir.resolve("meta/runs"));
        for (int i = 0; i < RUNS; i++) {
            String id = String.format("%032x", i * 2654435761L + 1);
            RunInfo info = new RunInfo(id, Experiment.DEFAULT_ID, "run-" + i, "tester", RunStatus.FINISHED,
                    1_700_000_000_000L + i * 1000L, 1_700_000_000_000L + i * 1000L + 500,
                    "mlflow-artifacts:/0/" + id + "/artifacts", LifecycleStage.ACTIVE);
            double acc = (i * 7919L % RUNS) / (double) RUNS;
            Map<String, MetricPoint> metrics = Map.of(
                    "acc", new MetricPoint("acc", acc, 1_700_000_000_000L, 4),
                    "loss", new MetricPoint("loss", 1 - acc, 1_700_000_000_000L, 4),
                    "val_acc", new MetricPoint("val_acc", acc * 0.9, 1_700_000_000_000L, 4),
                    "val_loss", new MetricPoint("val_loss", 1.1 - acc, 1_700_000_000_000L, 4),
                    "lr", new MetricPoint("lr", 0.001, 1_700_000_000_000L, 4));
            Run run = new Run(info, Map.of("lr", Double.toString(0.001 * (1 + i % 10)),
                    "batch_size", Integer.toString(32 << (i % 4)), "optimizer", OPTIMIZERS[i % 3],
                    "seed", Integer.toString(i), "epochs", "5"),
                    Map.of("team", "vision", Run.RUN_NAME_TAG, "run-" + i, Run.USER_TAG, "tester"), metrics,
                    List.of(), List.of());
            Files.write(runs.resolve(id + ".json"), json.writeValueAsBytes(run));
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
