package dev.mlops.databricks;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.service.BatchRequest;
import dev.mlops.core.service.NewVersionRequest;
import dev.mlops.core.service.PreHooks;
import dev.mlops.core.service.RegistryService;
import dev.mlops.core.service.TrackingService;
import dev.mlops.databricks.sql.Warehouse;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Statements per API call and latency of each on the local engine ({@code ./mlops bench --databricks}): the service
 * calls behind log-batch, create-run, search-runs and create-model-version, on the real driver against Spark SQL +
 * Delta. Not a test: it prints figures for bench/RESULTS.md.
 */
@EnabledIfSystemProperty(named = "bench.databricks", matches = "true")
class DatabricksBench {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    @Test
    void statementsAndLatencyPerCall() {
        DatabricksBackend databricks = TestWarehouse.shared();
        Warehouse warehouse = databricks.warehouse();
        Backend b = databricks.asBackend();
        TrackingService tracking = new TrackingService(b.metadata(), b.metrics(), EventPublisher.NONE,
                InstantSource.system());
        RegistryService registry = new RegistryService(b.registry(), b.metadata(), b.loggedModels(), b.artifacts(),
                b.artifactRootUri(), EventPublisher.NONE, PreHooks.NONE, InstantSource.system());
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String experiment = tracking.createExperiment("bench-" + tag, null, List.of()).experimentId();
        registry.createRegisteredModel("bench-" + tag, List.of(), null);
        List<Run> runs = new ArrayList<>();

        System.out.println("| call | statements per call | latency median (min–max), ms |");
        System.out.println("|---|---|---|");
        measure(warehouse, "create-run", () -> runs.add(tracking.createRun(experiment, "bench", null,
                System.currentTimeMillis(), List.of(), null)));
        Run run = runs.get(0);
        int[] step = {0};
        measure(warehouse, "log-batch (100 metrics, 5 params, 5 tags)", () -> {
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                points.add(new MetricPoint("m" + (i % 10), Math.random(), System.currentTimeMillis(), step[0]++));
            }
            List<Param> params = new ArrayList<>();
            List<Tag> tags = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                params.add(new Param("p" + i + "-" + step[0], "v"));
                tags.add(new Tag("t" + i, "v" + step[0]));
            }
            tracking.logBatch(run.runId(), new BatchRequest(points, params, tags));
        });
        measure(warehouse, "search-runs (" + ROUNDS + " runs, filter and order)", () ->
                tracking.searchRuns(List.of(experiment), "metrics.m1 > 0.1", null, 100,
                        List.of("metrics.m1 DESC"), null));
        measure(warehouse, "create-model-version", () -> registry.createModelVersion(new NewVersionRequest(
                "bench-" + tag, "s3://bucket/model", null, List.of(), null, null, null, "bench", null)));
        System.out.println("Delta conflicts retried during the run: " + warehouse.conflictCount());
    }

    private static void measure(Warehouse warehouse, String call, Runnable body) {
        List<Long> millis = new ArrayList<>();
        long statements = 0;
        for (int i = 0; i < ROUNDS; i++) {
            long before = warehouse.statementCount();
            long started = System.nanoTime();
            body.run();
            millis.add((System.nanoTime() - started) / 1_000_000);
            statements += warehouse.statementCount() - before;
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("| %s | %.1f | %d (%d–%d) |%n", call, statements / (double) ROUNDS,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
