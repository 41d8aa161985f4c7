package dev.mlops.api;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.local.DiskSpace;
import dev.mlops.core.local.LocalBackend;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.MetricStore;
import dev.mlops.core.service.ArtifactService;
import dev.mlops.core.service.FlushPolicy;
import dev.mlops.core.service.LoggedModelService;
import dev.mlops.core.service.TrackingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Wires the core services to the configured backend. The only place that knows which backend runs. */
@ApplicationScoped
public class BackendProducer {

    private static final Logger LOG = Logger.getLogger(BackendProducer.class);

    @Produces
    @Singleton
    Backend backend(BackendConfig config) {
        return switch (config.backend()) {
            case "local" -> {
                Path dir = Path.of(config.dataDir()).toAbsolutePath().normalize();
                LOG.infof("Local backend: data under %s", dir);
                yield LocalBackend.open(dir, InstantSource.system(), config.diskReserveBytes(), DiskSpace.FILE_STORE)
                        .asBackend();
            }
            case "aws" -> {
                AwsSettings settings = awsSettings(config.aws());
                LOG.infof("AWS backend: %s", settings);
                yield AwsBackend.open(settings, config.aws().createResources());
            }
            case "databricks" -> DatabricksWiring.open(config);
            default -> throw new IllegalStateException(
                    "Unknown backend '" + config.backend() + "'; choose local, aws or databricks (mlops.backend).");
        };
    }

    void close(@Disposes Backend backend) throws Exception {
        backend.close();
    }

    @Produces
    @Singleton
    TrackingService tracking(Backend backend, Instance<MetricsLayer> layer, Instance<FlushPolicy> flushPolicy) {
        MetricStore metrics = layer.isResolvable() ? layer.get().over(backend) : backend.metrics();
        return new TrackingService(backend.metadata(), metrics, backend.events(), InstantSource.system(),
                flushPolicy.isResolvable() ? flushPolicy.get() : FlushPolicy.NONE);
    }

    @Produces
    @Singleton
    ArtifactService artifacts(TrackingService tracking, Backend backend) {
        return new ArtifactService(tracking, backend.artifacts(), backend.artifactRootUri());
    }

    @Produces
    @Singleton
    LoggedModelService loggedModels(Backend backend) {
        return new LoggedModelService(backend.metadata(), backend.loggedModels(), InstantSource.system());
    }

    /**
     * Whether the deployment's surroundings (artifacts, events, lake) are on AWS: the AWS backend, or the Databricks
     * backend with S3 artifacts.
     */
    public static boolean onAws(BackendConfig config) {
        return "aws".equals(config.backend())
                || ("databricks".equals(config.backend()) && "s3".equals(config.databricks().artifacts()));
    }

    /** Credentials are never configured here: the SDK's default chain finds them (env, profile, Lambda role). */
    public static AwsSettings awsSettings(BackendConfig.Aws aws) {
        String prefix = aws.prefix();
        return new AwsSettings(aws.endpoint().filter(e -> !e.isBlank()).map(URI::create), aws.region(),
                Optional.empty(), Optional.empty(), prefix, aws.bucket().orElse(prefix + "-artifacts"), "mlflow",
                prefix + "-events", "mlops.tracking");
    }
}
