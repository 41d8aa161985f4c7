package dev.mlops.aws.dynamo;

import java.util.List;
import java.util.function.Function;

/**
 * Many independent single-item calls (a search page's runs, an experiment's runs on delete) on virtual threads, a
 * few at a time: the latency of one call instead of the sum, without flooding the table or the HTTP client.
 */
public final class Parallel {

    public static final int DEFAULT_WIDTH = dev.mlops.core.service.Parallel.DEFAULT_WIDTH;

    private Parallel() {
    }

    /** Applies {@code call} to each input; results keep the inputs' order. The first failure is rethrown. */
    public static <T, R> List<R> map(List<T> inputs, int width, Function<T, R> call) {
        return dev.mlops.core.service.Parallel.map(inputs, width, call);
    }
}
