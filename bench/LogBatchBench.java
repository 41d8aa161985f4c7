import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load generator for log-batch over HTTP: each worker plays one training job, logging full batches of metric points
 * (1000 per request by default) into its own run as fast as the server answers. Reports sustained points/s and
 * request latency percentiles. Run with: java bench/LogBatchBench.java URL SECONDS WORKERS POINTS_PER_REQUEST
 */
public class LogBatchBench {

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:5000";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int points = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        String experimentId = field(post(client, url, "experiments/create",
                "{\"name\":\"bench-" + System.nanoTime() + "\"}"), "experiment_id");
        List<String> runs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            runs.add(field(post(client, url, "runs/create", "{\"experiment_id\":\"" + experimentId + "\"}"),
                    "run_id"));
        }

        // Warm up the JIT on both sides, then measure.
        runFor(client, url, runs, points, 5, new long[1]);
        long[] requestCount = new long[1];
        long started = System.nanoTime();
        long[] latencies = runFor(client, url, runs, points, seconds, requestCount);
        double elapsed = (System.nanoTime() - started) / 1e9;

        Arrays.sort(latencies);
        double pointsPerSecond = requestCount[0] * (double) points / elapsed;
        System.out.printf("workers=%d points/request=%d duration=%.1fs requests=%d%n", workers, points, elapsed,
                requestCount[0]);
        System.out.printf("throughput: %.0f points/s (%.0f requests/s)%n", pointsPerSecond,
                requestCount[0] / elapsed);
        System.out.printf("latency ms: p50=%.1f p95=%.1f p99=%.1f max=%.1f%n", pct(latencies, 50),
                pct(latencies, 95), pct(latencies, 99), latencies[latencies.length - 1] / 1e6);
    }

    private static long[] runFor(HttpClient client, String url, List<String> runs, int points, int seconds,
                                 long[] requestCount) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(runs.size());
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int w = 0; w < runs.size(); w++) {
            String runId = runs.get(w);
            futures.add(pool.submit(() -> {
                List<Long> latency = new ArrayList<>();
                long step = System.nanoTime() % 1_000_000;
                while (!stop.get()) {
                    String body = batch(runId, step, points);
                    step += points;
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = client.send(request(url, "runs/log-batch", body),
                            HttpResponse.BodyHandlers.ofString());
                    latency.add(System.nanoTime() - t0);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("log-batch answered " + response.statusCode() + ": "
                                + response.body());
                    }
                }
                return latency;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();
        requestCount[0] = all.size();
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    /** A realistic batch: a few metric keys with smooth values over consecutive steps. */
    private static String batch(String runId, long firstStep, int points) {
        StringBuilder sb = new StringBuilder(points * 80).append("{\"run_id\":\"").append(runId)
                .append("\",\"metrics\":[");
        long now = System.currentTimeMillis();
        String[] keys = {"loss", "val_loss", "accuracy", "lr"};
        for (int i = 0; i < points; i++) {
            long step = firstStep + i / keys.length;
            String key = keys[i % keys.length];
            double value = 1.0 / (1 + step * 0.001) + (i % 7) * 1e-4;
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"key\":\"").append(key).append("\",\"value\":").append(value)
                    .append(",\"timestamp\":").append(now).append(",\"step\":").append(step).append('}');
        }
        return sb.append("]}").toString();
    }

    private static String post(HttpClient client, String url, String path, String body) throws Exception {
        HttpResponse<String> response = client.send(request(url, path, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static HttpRequest request(String url, String path, String body) {
        return HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(at, json.indexOf('"', at));
    }

    private static double pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
