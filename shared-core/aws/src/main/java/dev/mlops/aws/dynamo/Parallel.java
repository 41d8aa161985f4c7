package dev.mlops.aws.dynamo;

import dev.mlops.core.error.StorageFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Many independent single-item calls (a search page's runs, an experiment's runs on delete) on virtual threads, a
 * few at a time: the latency of one call instead of the sum, without flooding the table or the HTTP client.
 */
public final class Parallel {

    public static final int DEFAULT_WIDTH = 8;

    private Parallel() {
    }

    /** Applies {@code call} to each input; results keep the inputs' order. The first failure is rethrown. */
    public static <T, R> List<R> map(List<T> inputs, int width, Function<T, R> call) {
        if (inputs.size() <= 1) {
            return inputs.stream().map(call).toList();
        }
        Semaphore permits = new Semaphore(width);
        List<R> results = new ArrayList<>(inputs.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = new ArrayList<>(inputs.size());
            for (T input : inputs) {
                futures.add(threads.submit(() -> {
                    permits.acquire();
                    try {
                        return call.apply(input);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<R> future : futures) {
                results.add(future.get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new StorageFailureException("A parallel DynamoDB call failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageFailureException("Interrupted during parallel DynamoDB calls", e);
        }
        return results;
    }
}
