package dev.mlops.telemetry;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Where the meters go besides the application's registry. With {@code mlops.metrics.emf.enabled} (the Lambda
 * functions) a cumulative registry joins Micrometer's global composite and {@link #afterInvocation} writes it as
 * EMF lines to stdout, which CloudWatch Logs turns into metrics under dimension {@code function}. Locally the
 * Prometheus registry serves /q/metrics and this does nothing.
 */
@Singleton
public class Telemetry {

    private final MetricsConfig config;
    private final PrintStream stdout = System.out;
    private volatile EmfPublisher emf;

    public Telemetry(MetricsConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (!config.emf().enabled()) {
            return;
        }
        SimpleMeterRegistry cumulative = new SimpleMeterRegistry();
        Metrics.globalRegistry.add(cumulative);
        emf = new EmfPublisher(cumulative, config.emf().namespace(), Map.of("function", functionName()),
                config.emf().interval(), this::print, InstantSource.system());
    }

    /** Called when an invocation's work is done: writes the EMF lines if they are due. Never throws. */
    public void afterInvocation() {
        EmfPublisher publisher = emf;
        if (publisher != null) {
            try {
                publisher.publishIfDue();
            } catch (RuntimeException e) {
                // metrics must never fail the call they describe
            }
        }
    }

    /** Writes one EMF record straight away (the health function's figures); a no-op when EMF is off. */
    public void write(EmfLine line, long timestamp) {
        if (emf != null && !line.isEmpty()) {
            print(line.toJson(timestamp));
        }
    }

    public boolean emfEnabled() {
        return emf != null;
    }

    public String namespace() {
        return config.emf().namespace();
    }

    public static String functionName() {
        return Optional.ofNullable(System.getenv("AWS_LAMBDA_FUNCTION_NAME")).filter(n -> !n.isBlank())
                .orElse("local");
    }

    private void print(String line) {
        synchronized (stdout) {
            stdout.println(line);
            stdout.flush();
        }
    }
}
