package dev.mlops.api;

import dev.mlops.aws.AwsBackend;
import dev.mlops.api.cache.CachingMetadataStore;
import dev.mlops.api.cache.CachingRegistryStore;
import dev.mlops.api.cache.ReadCaches;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.dynamo.ReadCapacity;
import dev.mlops.aws.events.EventBridgePublisher;
import dev.mlops.aws.ResourceNames;
import dev.mlops.core.local.DiskSpace;
import dev.mlops.core.local.LocalBackend;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.HealthStatusStore;
import dev.mlops.core.port.MetricStore;
import dev.mlops.core.service.ArtifactService;
import dev.mlops.core.service.ArtifactUris;
import dev.mlops.core.service.FlushPolicy;
import dev.mlops.core.service.LoggedModelService;
import dev.mlops.core.service.MetricsWatcher;
import dev.mlops.core.service.TrackingService;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Wires the core services to the configured backend. The only place that knows which backend runs. */
@ApplicationScoped
public class BackendProducer {

    private static final Logger LOG = Logger.getLogger(BackendProducer.class);

    /**
     * The DynamoDB read meter (mlops.aws.meter-reads) as its own bean: the disposer below must read the same meter
     * the backend was opened with, and a field of this producer was not (the shutdown log always said 0).
     */
    @Produces
    @Singleton
    ReadCapacity readCapacity() {
        return new ReadCapacity();
    }

    /** The local backend's free-space probe; tests replace it to simulate a full disk. */
    @Produces
    @Singleton
    @DefaultBean
    DiskSpace.Probe diskProbe() {
        return DiskSpace.FILE_STORE;
    }

    /** The backend, its publisher wrapped so every {@link DomainEventListener} sees each announced event. */
    @Produces
    @Singleton
    Backend backend(BackendConfig config, DiskSpace.Probe diskProbe, Instance<DomainEventListener> listeners,
                    ReadCaches caches, ReadCapacity readCapacity) {
        Backend opened = open(config, diskProbe, caches, readCapacity);
        List<DomainEventListener> all = listeners.stream().toList();
        return all.isEmpty() ? opened : opened.withEvents(new ObservedEventPublisher(opened.events(), all));
    }

    private Backend open(BackendConfig config, DiskSpace.Probe diskProbe, ReadCaches caches,
                         ReadCapacity readCapacity) {
        return switch (config.backend()) {
            case "local" -> {
                Path dir = Path.of(config.dataDir()).toAbsolutePath().normalize();
                LOG.infof("Local backend: data under %s", dir);
                yield LocalBackend.open(dir, InstantSource.system(), config.diskReserveBytes(), diskProbe,
                        config.audit().retention()).asBackend();
            }
            case "aws" -> {
                AwsSettings settings = awsSettings(config.aws());
                LOG.infof("AWS backend: %s", settings);
                Backend aws = AwsBackend.open(settings, config.aws().createResources(),
                        config.aws().meterReads() ? List.of(readCapacity) : List.of(), config.audit().retention());
                yield config.aws().cacheReads() ? cached(aws, caches) : aws;
            }
            case "databricks" -> DatabricksWiring.open(config);
            default -> throw new IllegalStateException(
                    "Unknown backend '" + config.backend() + "'; choose local, aws or databricks (mlops.backend).");
        };
    }

    void close(@Disposes Backend backend, ReadCaches caches, ReadCapacity readCapacity) throws Exception {
        if ("aws".equals(backend.name())) {
            LOG.infof("Read caches: %d hits, %d misses (hit rate %.3f); DynamoDB reads metered: %d requests, %.1f "
                    + "read units", caches.hits(), caches.misses(), caches.hitRate(), readCapacity.reads(),
                    readCapacity.units());
        }
        backend.close();
    }

    /** The AWS backend with its metadata and registry reads behind this instance's caches. */
    private static Backend cached(Backend b, ReadCaches caches) {
        return new Backend(b.name(), new CachingMetadataStore(b.metadata(), caches), b.metrics(), b.artifacts(),
                new CachingRegistryStore(b.registry(), caches), b.events(), b.artifactRootUri(), b.resources(),
                b.loggedModels(), b.audit(), b.webhooks());
    }

    @Produces
    @Singleton
    TrackingService tracking(Backend backend, Instance<MetricsLayer> layer, Instance<FlushPolicy> flushPolicy,
                             ArtifactUris uris, Instance<MetricsWatcher> watcher) {
        MetricStore metrics = layer.isResolvable() ? layer.get().over(backend) : backend.metrics();
        return new TrackingService(backend.metadata(), metrics, backend.loggedModels(), backend.events(),
                InstantSource.system(), flushPolicy.isResolvable() ? flushPolicy.get() : FlushPolicy.NONE, uris,
                watcher.isResolvable() ? watcher.get() : MetricsWatcher.NONE);
    }

    /** The rules for client-supplied artifact URIs: relative locations resolve against the working directory. */
    @Produces
    @Singleton
    ArtifactUris artifactUris(BackendConfig config) {
        return new ArtifactUris(ArtifactUris.schemes(config.allowedHostAddressedSchemes().orElse(null)),
                Path.of("").toAbsolutePath());
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

    /** The lake's root URI: as configured, else {@code file://<data-dir>/lake} locally, {@code s3a://<bucket>/lake} on AWS. */
    public static String lakeRoot(BackendConfig config, Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get();
        }
        return "aws".equals(config.backend())
                ? ResourceNames.lakeRoot(awsSettings(config.aws()).bucket())
                : Path.of(config.dataDir()).toAbsolutePath().normalize().resolve("lake").toUri().toString();
    }

    /** The backend's EventBridge publisher (behind any observing wrapper), for its health; empty locally. */
    public static Optional<EventBridgePublisher> eventBridge(Backend backend) {
        EventPublisher events = backend.events();
        if (events instanceof ObservedEventPublisher observed) {
            events = observed.delegate();
        }
        return events instanceof EventBridgePublisher bridge ? Optional.of(bridge) : Optional.empty();
    }

    /**
     * Whether the deployment's surroundings (artifacts, events, lake) are on AWS: the AWS backend, or the Databricks
     * backend with S3 artifacts.
     */
    public static boolean onAws(BackendConfig config) {
        return "aws".equals(config.backend())
                || ("databricks".equals(config.backend()) && "s3".equals(config.databricks().artifacts()));
    }

    /** The health monitor's status store on the Databricks backend (a session of its own; close it). */
    public static HealthStatusStore databricksHealthStatuses(BackendConfig config) {
        return DatabricksWiring.healthStatuses(config);
    }

    /** Credentials are never configured here: the SDK's default chain finds them (env, profile, Lambda role). */
    public static AwsSettings awsSettings(BackendConfig.Aws aws) {
        ResourceNames names = new ResourceNames(aws.prefix());
        return AwsSettings.withDefaultCredentials(aws.endpoint().filter(e -> !e.isBlank()).map(URI::create),
                aws.region(), names, aws.bucket().orElse(names.defaultBucket()), ResourceNames.EVENT_SOURCE);
    }
}
