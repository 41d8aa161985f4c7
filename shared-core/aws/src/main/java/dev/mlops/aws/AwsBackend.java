package dev.mlops.aws;

import dev.mlops.aws.dynamo.AuditTable;
import dev.mlops.aws.dynamo.DynamoAuditLog;
import dev.mlops.aws.dynamo.DynamoGuard;
import dev.mlops.aws.dynamo.DynamoLoggedModelStore;
import dev.mlops.aws.dynamo.DynamoMetadataStore;
import dev.mlops.aws.dynamo.DynamoMetricStore;
import dev.mlops.aws.dynamo.DynamoRegistryStore;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.aws.dynamo.DynamoWebhookStore;
import dev.mlops.aws.events.EventBridgePublisher;
import dev.mlops.aws.events.EventBusSetup;
import dev.mlops.aws.s3.S3ArtifactStore;
import dev.mlops.aws.s3.S3Buckets;
import dev.mlops.core.port.Backend;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The production backend: metadata and metric batches in DynamoDB, artifacts in S3 (run artifact URIs are
 * {@code s3://<bucket>/<prefix>/<experiment>/<run>/artifacts}, logged models' under
 * {@code <experiment>/models/<model id>/artifacts}), domain events on EventBridge.
 */
public final class AwsBackend {

    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(400);

    private AwsBackend() {
    }

    /** Opens the backend; with {@code createResources} the tables, bucket and bus are created when missing. */
    public static Backend open(AwsSettings settings, boolean createResources) {
        return open(settings, createResources, List.of());
    }

    /** As {@link #open(AwsSettings, boolean)}, with SDK interceptors (tests count requests with one). */
    public static Backend open(AwsSettings settings, boolean createResources, List<ExecutionInterceptor> interceptors) {
        return open(settings, createResources, interceptors, DEFAULT_AUDIT_RETENTION);
    }

    /** As above, with audit entries expiring after {@code auditRetention} (DynamoDB TTL). */
    public static Backend open(AwsSettings settings, boolean createResources, List<ExecutionInterceptor> interceptors,
                               Duration auditRetention) {
        AwsClients clients = new AwsClients(settings, interceptors);
        S3Presigner presigner = clients.presigner();
        try {
            DynamoTables tables = createResources
                    ? DynamoTables.createIfMissing(clients.dynamo(), settings)
                    : DynamoTables.of(settings);
            if (createResources) {
                S3Buckets.createIfMissing(clients.s3(), settings);
                S3Buckets.enableVersioning(clients.s3(), settings.bucket());
                EventBusSetup.createIfMissing(clients.events(), settings);
            }
            DynamoGuard guard = DynamoGuard.standard();
            String artifactRoot = "s3://" + settings.bucket() + "/" + settings.artifactPrefix();
            EventBridgePublisher events = new EventBridgePublisher(clients.events(), settings);
            return new Backend("aws",
                    new DynamoMetadataStore(clients.dynamo(), tables, guard, artifactRoot, InstantSource.system()),
                    new DynamoMetricStore(clients.dynamo(), tables, guard),
                    new S3ArtifactStore(clients.s3(), presigner, settings),
                    new DynamoRegistryStore(clients.dynamo(), tables, guard),
                    events,
                    artifactRoot,
                    () -> {
                        events.close();
                        presigner.close();
                        clients.close();
                    },
                    new DynamoLoggedModelStore(clients.dynamo(), tables, guard),
                    new DynamoAuditLog(clients.dynamo(), tables.audit(), auditRetention, InstantSource.system()),
                    new DynamoWebhookStore(clients.dynamo(), tables, guard));
        } catch (RuntimeException e) {
            presigner.close();
            clients.close();
            throw e;
        }
    }
}
