import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The side-by-side workload of {@code ./mlops bench --compare}: the same client code, over MLflow's REST API, against
 * any MLflow-compatible server. Every figure is checked by reading counts back, and a failed check stops the run, so
 * no server can score by answering wrongly. Every log-batch carries steps no earlier batch used, so no server can
 * answer from a deduplication shortcut.
 *
 * <pre>
 * java -cp JACKSON_JARS bench/CompareBench.java run LABEL URL OUT.properties [RUNS] [LOG_SECONDS]
 * java -cp JACKSON_JARS bench/CompareBench.java table OUT.properties...   (prints the markdown table with ratios)
 * </pre>
 */
public class CompareBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int WORKERS = 4;
    static final int HISTORY_POINTS = 100_000;
    static final int HISTORY_PAGE = 25_000;
    static final String[] OPTIMIZERS = {"adam", "sgd", "rmsprop"};

    final String base;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final Properties out = new Properties();

    CompareBench(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("table")) {
            Table.print(Arrays.asList(args).subList(1, args.length));
            return;
        }
        if (args.length < 4 || !args[0].equals("run")) {
            System.err.println("usage: run LABEL URL OUT [RUNS] [LOG_SECONDS] | table OUT...");
            System.exit(2);
        }
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;
        int logSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 15;
        CompareBench bench = new CompareBench(args[2]);
        bench.out.setProperty("label", args[1]);
        bench.out.setProperty("runs", Integer.toString(runs));
        try {
            bench.all(runs, logSeconds);
        } finally {
            try (var w = Files.newBufferedWriter(Path.of(args[3]))) {
                bench.out.store(w, "CompareBench " + args[1]);
            }
        }
    }

    void all(int runs, int logSeconds) throws Exception {
        String experiment = createExperiment("bench-" + System.currentTimeMillis());
        populate(experiment, runs);
        String curve = historyRun(experiment);
        logBatchThroughput(experiment, logSeconds);
        searchTop100(experiment, runs);
        searchParamTagPaged(experiment, runs);
        history(curve);
    }

    // ---- workload

    /** create-run + one log-batch per run (5 params, 1 tag, acc and loss over 5 fresh steps), 4 in parallel. */
    void populate(String experiment, int runs) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        parallel(WORKERS, w -> {
            for (int i = next.getAndIncrement(); i < runs; i = next.getAndIncrement()) {
                String runId = createRun(experiment, 1_700_000_000_000L + i * 1000L, "run-" + i);
                ObjectNode batch = JSON.createObjectNode().put("run_id", runId);
                ArrayNode params = batch.putArray("params");
                param(params, "lr", Double.toString(0.001 * (1 + i % 10)));
                param(params, "batch_size", Integer.toString(32 << (i % 4)));
                param(params, "optimizer", OPTIMIZERS[i % 3]);
                param(params, "seed", Integer.toString(i));
                param(params, "epochs", "5");
                batch.putArray("tags").addObject().put("key", "team").put("value", "vision");
                ArrayNode metrics = batch.putArray("metrics");
                for (int step = 0; step < 5; step++) {
                    double acc = step == 4 ? acc(i, runs) : acc(i, runs) * step / 5;
                    metrics.addObject().put("key", "acc").put("value", acc).put("timestamp", 1_700_000_000_000L + step)
                            .put("step", step);
                    metrics.addObject().put("key", "loss").put("value", 1 - acc).put("timestamp",
                            1_700_000_000_000L + step).put("step", step);
                }
                post("runs/log-batch", batch);
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        put("populate.runs_per_s", runs / seconds);
        put("populate.seconds", seconds);
    }

    /** The run whose 100,000-point series get-history reads: 100 batches of 1000 fresh steps. */
    String historyRun(String experiment) throws Exception {
        String runId = createRun(experiment, 1_600_000_000_000L, "history");
        for (int b = 0; b < HISTORY_POINTS / 1000; b++) {
            ObjectNode batch = JSON.createObjectNode().put("run_id", runId);
            ArrayNode metrics = batch.putArray("metrics");
            for (int s = 0; s < 1000; s++) {
                long step = b * 1000L + s;
                metrics.addObject().put("key", "curve").put("value", Math.exp(-step / 20_000.0))
                        .put("timestamp", 1_600_000_000_000L + step).put("step", step);
            }
            post("runs/log-batch", batch);
        }
        return runId;
    }

    /** 4 jobs, each its own run, 1000 fresh points per request, for the given seconds after a 3 s warm-up. */
    void logBatchThroughput(String experiment, int seconds) throws Exception {
        String[] runIds = new String[WORKERS];
        for (int w = 0; w < WORKERS; w++) {
            runIds[w] = createRun(experiment, 1_500_000_000_000L + w, "throughput-" + w);
        }
        long[] steps = new long[WORKERS];
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong points = new AtomicLong();
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        parallel(WORKERS, w -> {
            while (System.nanoTime() < end) {
                ObjectNode batch = JSON.createObjectNode().put("run_id", runIds[w]);
                ArrayNode metrics = batch.putArray("metrics");
                for (int s = 0; s < 250; s++) {
                    long step = steps[w]++;
                    for (int k = 0; k < 4; k++) {
                        metrics.addObject().put("key", "m" + k).put("value", Math.sin(step / 100.0 + k))
                                .put("timestamp", 1_500_000_000_000L + step).put("step", step);
                    }
                }
                long t = System.nanoTime();
                post("runs/log-batch", batch);
                long done = System.nanoTime();
                if (t >= warmEnd) {
                    latencies.add(done - t);
                    points.addAndGet(1000);
                }
            }
        });
        put("log_batch.points_per_s", points.get() / (double) seconds);
        List<Long> sorted = latencies.stream().sorted().toList();
        put("log_batch.p50_ms", sorted.get(sorted.size() / 2) / 1e6);
        put("log_batch.p99_ms", sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1))
                / 1e6);
        long stored = 0;
        for (int w = 0; w < WORKERS; w++) {
            long count = historyCount(runIds[w], "m0");
            check(count == steps[w], "log-batch run " + w + ": read back " + count + " points of m0, logged "
                    + steps[w]);
            stored += count * 4;
        }
        put("log_batch.points_checked", stored);
    }

    /** metrics.acc > 0.5, order by metrics.acc DESC, max_results 100: 3 warm-ups, then the median of 20. */
    void searchTop100(String experiment, int runs) throws Exception {
        double max = 0;
        for (int i = 0; i < runs; i++) {
            max = Math.max(max, acc(i, runs));
        }
        double top = max;
        measure("search_metric_top100", 3, 20, () -> {
            JsonNode page = search(experiment, "metrics.acc > 0.5", "metrics.acc DESC", 100, null);
            List<Double> values = new ArrayList<>();
            for (JsonNode run : page.path("runs")) {
                for (JsonNode m : run.path("data").path("metrics")) {
                    if (m.path("key").asText().equals("acc")) {
                        values.add(m.path("value").asDouble());
                    }
                }
            }
            check(values.size() == 100, "top-100 search returned " + values.size() + " runs with acc");
            check(values.get(0) == top, "top-100 search: first acc " + values.get(0) + ", expected " + top);
            for (int i = 1; i < values.size(); i++) {
                check(values.get(i) <= values.get(i - 1) && values.get(i) > 0.5, "top-100 search: not in order");
            }
        });
    }

    /** params.optimizer = 'adam' AND tags.team = 'vision', every match in pages of 1000: median of 5. */
    void searchParamTagPaged(String experiment, int runs) throws Exception {
        int expected = (runs + 2) / 3;
        measure("search_param_tag_all_pages", 1, 5, () -> {
            Set<String> ids = new HashSet<>();
            String token = null;
            int pages = 0;
            do {
                JsonNode page = search(experiment, "params.optimizer = 'adam' AND tags.team = 'vision'", null, 1000,
                        token);
                for (JsonNode run : page.path("runs")) {
                    ids.add(run.path("info").path("run_id").asText());
                }
                token = page.path("next_page_token").asText(null);
                token = token == null || token.isEmpty() ? null : token;
                pages++;
            } while (token != null && pages < 100);
            check(ids.size() == expected, "param/tag search found " + ids.size() + " runs, expected " + expected);
        });
    }

    /** get-history of the 100,000-point series in pages of 25,000: median of 10 after 2 warm-ups. */
    void history(String runId) throws Exception {
        measure("get_history_100k", 2, 10, () -> {
            long count = historyCount(runId, "curve");
            check(count == HISTORY_POINTS, "get-history read " + count + " points, expected " + HISTORY_POINTS);
        });
    }

    // ---- MLflow REST calls

    String createExperiment(String name) throws IOException {
        return post("experiments/create", JSON.createObjectNode().put("name", name)).path("experiment_id").asText();
    }

    String createRun(String experiment, long startTime, String name) throws IOException {
        JsonNode run = post("runs/create", JSON.createObjectNode().put("experiment_id", experiment)
                .put("start_time", startTime).put("run_name", name));
        return run.path("run").path("info").path("run_id").asText();
    }

    JsonNode search(String experiment, String filter, String orderBy, int max, String token) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("experiment_ids").add(experiment);
        body.put("filter", filter).put("max_results", max).put("run_view_type", "ACTIVE_ONLY");
        if (orderBy != null) {
            body.putArray("order_by").add(orderBy);
        }
        if (token != null) {
            body.put("page_token", token);
        }
        return post("runs/search", body);
    }

    /** Pages through a series as the client does and counts its points, checking that steps never go back. */
    long historyCount(String runId, String key) throws IOException {
        long count = 0;
        long lastStep = Long.MIN_VALUE;
        String token = null;
        do {
            String url = base + "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=" + key
                    + "&max_results=" + HISTORY_PAGE + (token == null ? ""
                    : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            HttpResponse<InputStream> response = send(HttpRequest.newBuilder(URI.create(url)).GET().build());
            token = null;
            try (InputStream body = response.body(); JsonParser p = JSON.getFactory().createParser(body)) {
                check(response.statusCode() == 200, "get-history answered " + response.statusCode());
                while (p.nextToken() != null) {
                    if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("step")) {
                        p.nextToken();
                        long step = p.getValueAsLong();
                        check(step >= lastStep, "get-history steps went back at " + step);
                        lastStep = step;
                        count++;
                    } else if (p.currentToken() == JsonToken.FIELD_NAME
                            && p.currentName().equals("next_page_token")) {
                        p.nextToken();
                        token = p.getValueAsString();
                        token = token == null || token.isEmpty() ? null : token;
                    }
                }
            }
        } while (token != null);
        return count;
    }

    JsonNode post(String path, JsonNode body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<InputStream> response = send(request);
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            check(response.statusCode() == 200, path + " answered " + response.statusCode() + ": "
                    + new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8));
            return JSON.readTree(bytes);
        }
    }

    HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    // ---- helpers

    static double acc(int i, int runs) {
        return (i * 7919L % runs) / (double) runs;
    }

    static void param(ArrayNode params, String key, String value) {
        params.addObject().put("key", key).put("value", value);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("Correctness check failed: " + what);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    interface Worker {
        void run(int worker) throws Exception;
    }

    void measure(String name, int warmups, int repeats, Step step) throws Exception {
        for (int i = 0; i < warmups; i++) {
            step.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        put(name + ".median_ms", ms[repeats / 2]);
        put(name + ".min_ms", ms[0]);
        put(name + ".max_ms", ms[repeats - 1]);
        System.err.printf("  %-28s median %.1f ms (min %.1f, max %.1f)%n", name, ms[repeats / 2], ms[0],
                ms[repeats - 1]);
    }

    static void parallel(int n, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                int id = w;
                futures.add(pool.submit(() -> {
                    worker.run(id);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    void put(String key, double value) {
        out.setProperty(key, String.format("%.3f", value));
        System.err.printf("  %s = %.1f%n", key, value);
    }

    /** Prints one markdown table with ratios from the servers' result files (ours is the one labelled "mlops"). */
    static final class Table {

        record Row(String title, String key, boolean higherIsBetter, String unit) {
        }

        static final List<Row> ROWS = List.of(
                new Row("create-run + log-batch, 4 connections", "populate.runs_per_s", true, "runs/s"),
                new Row("log-batch, 1000 points a request, 4 connections", "log_batch.points_per_s", true,
                        "points/s"),
                new Row("log-batch p99", "log_batch.p99_ms", false, "ms"),
                new Row("search: `metrics.acc > 0.5`, order by `metrics.acc DESC`, top 100", "search_metric_top100"
                        + ".median_ms", false, "ms"),
                new Row("search: param and tag filter, all matches in pages of 1000",
                        "search_param_tag_all_pages.median_ms", false, "ms"),
                new Row("get-history, one 100k-point series, pages of 25k", "get_history_100k.median_ms", false,
                        "ms"),
                new Row("start to first answered request", "start.median_ms", false, "ms"));

        static void print(List<String> files) throws IOException {
            Map<String, Properties> servers = new LinkedHashMap<>();
            for (String file : files) {
                Properties p = new Properties();
                try (var r = Files.newBufferedReader(Path.of(file))) {
                    p.load(r);
                }
                servers.put(p.getProperty("label"), p);
            }
            Properties ours = servers.get("mlops");
            StringBuilder head = new StringBuilder("| workload |");
            StringBuilder rule = new StringBuilder("|---|");
            for (String label : servers.keySet()) {
                head.append(' ').append(label).append(" |");
                rule.append("---|");
            }
            for (String label : servers.keySet()) {
                if (!label.equals("mlops")) {
                    head.append(" mlops vs ").append(label).append(" |");
                    rule.append("---|");
                }
            }
            System.out.println(head);
            System.out.println(rule);
            for (Row row : ROWS) {
                StringBuilder line = new StringBuilder("| " + row.title() + " (" + row.unit() + ") |");
                for (Properties p : servers.values()) {
                    line.append(' ').append(format(p.getProperty(row.key()))).append(" |");
                }
                for (Map.Entry<String, Properties> e : servers.entrySet()) {
                    if (e.getKey().equals("mlops")) {
                        continue;
                    }
                    String theirs = e.getValue().getProperty(row.key());
                    String mine = ours == null ? null : ours.getProperty(row.key());
                    line.append(' ').append(ratio(mine, theirs, row.higherIsBetter())).append(" |");
                }
                System.out.println(line);
            }
        }

        static String format(String value) {
            if (value == null) {
                return "n/a";
            }
            double v = Double.parseDouble(value);
            return v >= 100 ? String.format("%,.0f", v) : String.format("%.1f", v);
        }

        /** How many times better ours is (>1 means ours is faster or higher). */
        static String ratio(String mine, String theirs, boolean higherIsBetter) {
            if (mine == null || theirs == null) {
                return "n/a";
            }
            double m = Double.parseDouble(mine);
            double t = Double.parseDouble(theirs);
            double r = higherIsBetter ? m / t : t / m;
            return String.format("%.2fx %s", r >= 1 ? r : 1 / r, r >= 1 ? "better" : "worse");
        }
    }
}
