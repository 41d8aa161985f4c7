package dev.mlops.aws.events;

import java.time.Duration;

/**
 * Tuning for {@link EventBridgePublisher}. {@code maxAttempts} counts sends of an entry EventBridge refused
 * (the SDK already retries whole-request failures); backoff doubles from {@code initialBackoff}.
 * {@code maxPending} bounds the buffer; {@code recentFailures} bounds the failure list kept for health checks.
 */
public record PublishOptions(int maxAttempts, Duration initialBackoff, int maxPending, int recentFailures) {

    public PublishOptions {
        if (maxAttempts < 1 || maxPending < EventBatches.MAX_ENTRIES || recentFailures < 1
                || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("Invalid publish options");
        }
    }

    public static PublishOptions defaults() {
        return new PublishOptions(3, Duration.ofMillis(100), 1000, 50);
    }
}
