package dev.mlops.flush;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Fails chosen AWS requests before they leave the client, like a network or service failure would. One instance
 * goes to our DynamoDB client; S3A builds its own S3 client and gets this class by name
 * ({@code fs.s3a.audit.execution.interceptors}), so the armed fault is static.
 */
public final class Faults implements ExecutionInterceptor {

    private static final AtomicReference<Predicate<SdkRequest>> ARMED = new AtomicReference<>(r -> false);

    public static void failWhen(Predicate<SdkRequest> fault) {
        ARMED.set(fault);
    }

    public static void clear() {
        ARMED.set(r -> false);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (ARMED.get().test(context.request())) {
            throw SdkClientException.create("injected fault: " + context.request().getClass().getSimpleName());
        }
    }
}
