package dev.mlops.core.webhook;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How webhooks are delivered, from MLflow's own environment switches so one deployment's settings work for both:
 * {@code MLFLOW_WEBHOOK_ALLOWED_SCHEMES} (default {@code https}), {@code MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS} (default
 * false: loopback, private and link-local targets are refused), {@code MLFLOW_WEBHOOK_REQUEST_TIMEOUT} (30 s),
 * {@code MLFLOW_WEBHOOK_REQUEST_MAX_RETRIES} (3) and {@code MLFLOW_WEBHOOK_DELIVERY_MAX_WORKERS} (10). The backoff
 * between retries doubles from {@code backoff} (MLflow: 1 s), capped at a minute.
 */
public record DeliveryPolicy(List<String> allowedSchemes, boolean allowPrivateIps, Duration timeout, int maxRetries,
                             int workers, Duration backoff) {

    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** MLflow's environment switches this policy reads. */
    public static final List<String> SWITCHES = List.of("MLFLOW_WEBHOOK_ALLOWED_SCHEMES",
            "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS", "MLFLOW_WEBHOOK_REQUEST_TIMEOUT", "MLFLOW_WEBHOOK_REQUEST_MAX_RETRIES",
            "MLFLOW_WEBHOOK_DELIVERY_MAX_WORKERS");

    public DeliveryPolicy {
        allowedSchemes = List.copyOf(allowedSchemes);
    }

    public static DeliveryPolicy defaults() {
        return fromEnvironment(Map.of(), Duration.ofSeconds(1));
    }

    public static DeliveryPolicy fromEnvironment(Map<String, String> env, Duration backoff) {
        List<String> schemes = Arrays.stream(env.getOrDefault("MLFLOW_WEBHOOK_ALLOWED_SCHEMES", "https").split(","))
                .map(String::strip).toList();
        return new DeliveryPolicy(schemes, bool(env, "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS"),
                Duration.ofSeconds(integer(env, "MLFLOW_WEBHOOK_REQUEST_TIMEOUT", 30)),
                integer(env, "MLFLOW_WEBHOOK_REQUEST_MAX_RETRIES", 3),
                Math.max(1, integer(env, "MLFLOW_WEBHOOK_DELIVERY_MAX_WORKERS", 10)), backoff);
    }

    /** The pause before retry {@code n} (1-based): backoff, 2x, 4x ... capped; MLflow adds up to a second of jitter. */
    public Duration pauseBefore(int retry) {
        long millis = backoff.toMillis() << Math.min(20, Math.max(0, retry - 1));
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private static boolean bool(Map<String, String> env, String name) {
        String value = env.getOrDefault(name, "false").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0", "" -> false;
            default -> throw new IllegalArgumentException(name + " should be one of 'true', 'false', '1', '0', got '"
                    + value + "'");
        };
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }
}
