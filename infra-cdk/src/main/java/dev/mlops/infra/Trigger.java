package dev.mlops.infra;

import java.util.List;

/** What invokes a function. Every trigger targets the function's {@code live} alias (the SnapStart version). */
public sealed interface Trigger {

    /** Asynchronous triggers retry on failure and end in the function's dead-letter queue. */
    default boolean asynchronous() {
        return true;
    }

    /**
     * Routes of the HTTP API (any method), e.g. {@code /api/{proxy+}}. API Gateway picks the most specific route,
     * so a function can own {@code /api/2.0/mlflow/model-versions/{proxy+}} while another owns {@code /api/{proxy+}}.
     *
     * @param rateLimit    steady requests per second allowed on each of these routes
     * @param burstLimit   requests allowed at once above the steady rate
     * @param operatorOnly operators' routes: IAM (SigV4) authorization even on a stage whose API takes JWTs, and
     *                     the function may run on after API Gateway's 30 s (a long restore answers 503 at the
     *                     gateway while the function finishes; operators invoke long operations directly)
     */
    record HttpRoutes(List<String> paths, int rateLimit, int burstLimit, boolean operatorOnly) implements Trigger {
        public HttpRoutes {
            paths = List.copyOf(paths);
            if (paths.isEmpty() || paths.stream().anyMatch(p -> !p.startsWith("/"))) {
                throw new IllegalArgumentException("HTTP routes are absolute paths: " + paths);
            }
        }

        /** Routes for the API's callers, authorized as the stage says. */
        public HttpRoutes(List<String> paths, int rateLimit, int burstLimit) {
            this(paths, rateLimit, burstLimit, false);
        }

        @Override
        public boolean asynchronous() {
            return false;
        }
    }

    /** S3 {@code ObjectCreated:*} notifications of the stage's bucket for keys under {@code keyPrefix}. */
    record ObjectCreated(String keyPrefix) implements Trigger {
    }

    /**
     * An EventBridge rule on the stage's bus matching the domain events ({@code source} {@code mlops.tracking}) of
     * these detail types, named {@code <prefix>-<name>}.
     */
    record BusEvents(String name, List<String> detailTypes) implements Trigger {
        public BusEvents {
            detailTypes = List.copyOf(detailTypes);
            if (detailTypes.isEmpty()) {
                throw new IllegalArgumentException("a bus rule needs at least one detail type");
            }
        }

        /** A rule named after its first detail type, e.g. {@code MetricFlushRequested}. */
        public BusEvents(List<String> detailTypes) {
            this(detailTypes.isEmpty() ? "" : detailTypes.getFirst(), detailTypes);
        }
    }

    /**
     * A scheduled EventBridge rule (schedules live on the account's default bus), e.g. {@code rate(5 minutes)} or
     * {@code cron(0 3 * * ? *)}.
     */
    record Schedule(String name, String expression) implements Trigger {
    }
}
