package dev.mlops.core.service;

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
 * Many independent storage calls on virtual threads, a few at a time: the latency of one call instead of the sum,
 * without flooding the store or its HTTP client (DynamoDB reads, S3 objects, lake files on s3a://).
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
                    : new StorageFailureException("A parallel storage call failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageFailureException("Interrupted during parallel storage calls", e);
        }
        return results;
    }
}
