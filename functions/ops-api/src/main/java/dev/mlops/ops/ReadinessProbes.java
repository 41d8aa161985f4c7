package dev.mlops.ops;

import dev.mlops.core.health.CheckResult;
import dev.mlops.core.health.ReadinessCheck;
import dev.mlops.core.health.ReadinessChecks;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Serves the core readiness checks at /q/health/ready, one SmallRye Health check per core check, registered at
 * start for the backend in use. A WARNING answers UP with {@code level: WARNING} in its data; DOWN answers DOWN,
 * which makes the whole probe 503.
 */
@Singleton
public class ReadinessProbes {

    void register(@Observes StartupEvent event, ReadinessChecks checks, @Readiness HealthRegistry registry) {
        for (ReadinessCheck check : checks.checks()) {
            registry.register(check.name(), probe(check));
        }
    }

    static HealthCheck probe(ReadinessCheck check) {
        return () -> response(ReadinessChecks.runOne(check));
    }

    static HealthCheckResponse response(CheckResult result) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(result.name()).status(result.level().ready())
                .withData("level", result.level().name())
                .withData("message", result.message());
        result.data().forEach((key, value) -> {
            switch (value) {
                case Boolean b -> builder.withData(key, b);
                case Long l -> builder.withData(key, l);
                case Integer i -> builder.withData(key, i.longValue());
                default -> builder.withData(key, String.valueOf(value));
            }
        });
        return builder.build();
    }
}
