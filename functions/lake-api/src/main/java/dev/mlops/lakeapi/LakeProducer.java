package dev.mlops.lakeapi;

import dev.mlops.api.BackendConfig;
import dev.mlops.api.BackendProducer;
import dev.mlops.api.MetricsLayer;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.ResourceNames;
import dev.mlops.core.domain.Run;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.FlushTrigger;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.core.service.FlushPolicy;
import dev.mlops.lake.LakeConfiguration;
import dev.mlops.lake.LakeInspector;
import dev.mlops.lake.LakeLayout;
import dev.mlops.lake.LakeMetricStore;
import dev.mlops.lake.MetricFlusher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.InstantSource;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.jboss.logging.Logger;

/** Builds the lake for the configured backend: the same code path over file:// and s3a://. */
@ApplicationScoped
public class LakeProducer {

    private static final Logger LOG = Logger.getLogger(LakeProducer.class);

    @Produces
    @Singleton
    Lake lake(Backend backend, BackendConfig config, LakeConfig lake) {
        if (!(backend.metrics() instanceof MetricBuffer buffer)) {
            throw new IllegalStateException("the " + backend.name() + " backend's metric store is no MetricBuffer");
        }
        String root = BackendProducer.lakeRoot(config, lake.root());
        Configuration conf;
        if (BackendProducer.onAws(config)) {
            AwsSettings aws = BackendProducer.awsSettings(config.aws());
            conf = LakeConfiguration.s3a(aws.endpoint().orElse(null), aws.region(), null, null);
        } else {
            conf = LakeConfiguration.local();
        }
        LakeLayout layout = new LakeLayout(new org.apache.hadoop.fs.Path(URI.create(root)));
        MetricFlusher.Settings defaults = MetricFlusher.Settings.DEFAULT;
        MetricFlusher.Settings settings = new MetricFlusher.Settings(lake.maxFilesPerRun(),
                defaults.retiredGraceMillis(), defaults.orphanGraceMillis(), defaults.maxAttempts());
        Function<MetricFlusher.StepHook, MetricFlusher> flushers = hook -> new MetricFlusher(buffer, layout, conf,
                runId -> backend.metadata().getRun(runId).map(Run::info).map(info -> info.experimentId()),
                settings, hook, InstantSource.system());
        LOG.infof("Metric lake at %s", root);
        return new Lake(root, new LakeMetricStore(buffer, layout, conf), flushers.apply(MetricFlusher.StepHook.NONE),
                new LakeInspector(layout, conf, flushers));
    }

    @Produces
    @Singleton
    MetricsLayer metricsLayer(Lake lake) {
        return backend -> lake.store();
    }

    /**
     * Locally the server's own background flusher answers a full buffer; on AWS an event on the bus starts the
     * metric-flush function for that run.
     */
    @Produces
    @Singleton
    FlushPolicy flushPolicy(Backend backend, BackendConfig config, LakeConfig lake, LocalFlusher local) {
        FlushTrigger trigger = BackendProducer.onAws(config)
                ? (experimentId, runId, buffered) -> {
                    backend.events().publish(new DomainEvent.MetricFlushRequested(experimentId, runId, buffered,
                            System.currentTimeMillis()));
                    backend.events().flush();
                }
                : local::request;
        return new FlushPolicy(trigger, lake.flushThresholdPoints());
    }
}
