package dev.mlops.core.port;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of operational events that never fail a user's call but that an operator must see: audit writes that were
 * lost, webhook deliveries that failed. A Micrometer binding reads {@link #count} (a {@code FunctionCounter} per
 * {@link Counter}, named by {@link Counter#meterName()}), so the core needs no metrics library.
 */
public interface OpsCounters {

    enum Counter {
        AUDIT_RECORDED("mlops.audit.recorded"),
        /** Entries the store refused (after one retry): they are lost. */
        AUDIT_WRITE_FAILED("mlops.audit.write.failures"),
        /** Entries dropped because the writer's queue was full: the store is slower than the API. */
        AUDIT_DROPPED("mlops.audit.dropped"),
        WEBHOOK_DELIVERED("mlops.webhooks.delivered"),
        WEBHOOK_RETRIED("mlops.webhooks.retries"),
        /** Deliveries that failed for good (retries exhausted, refused address, no answer). */
        WEBHOOK_FAILED("mlops.webhooks.failures"),
        /** Deliveries dropped because the delivery queue was full. */
        WEBHOOK_DROPPED("mlops.webhooks.dropped");

        private final String meterName;

        Counter(String meterName) {
            this.meterName = meterName;
        }

        public String meterName() {
            return meterName;
        }
    }

    void increment(Counter counter, long by);

    long count(Counter counter);

    default void increment(Counter counter) {
        increment(counter, 1);
    }

    /** Process-local counts; what every function uses unless a metrics binding wraps it. */
    static OpsCounters inMemory() {
        Map<Counter, LongAdder> counts = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            counts.put(c, new LongAdder());
        }
        return new OpsCounters() {
            @Override
            public void increment(Counter counter, long by) {
                counts.get(counter).add(by);
            }

            @Override
            public long count(Counter counter) {
                return counts.get(counter).sum();
            }
        };
    }
}
