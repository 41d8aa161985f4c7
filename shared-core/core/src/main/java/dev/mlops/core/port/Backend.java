package dev.mlops.core.port;

/**
 * The stores one deployment runs on, as the services see them. {@code artifactRootUri} is the prefix of every run
 * artifact URI the metadata store hands out ({@code mlflow-artifacts:} locally, {@code s3://bucket/prefix} on AWS).
 * Logged models' artifacts live below the same root, at {@code <experiment>/models/<model id>/artifacts}.
 * {@code audit} and {@code webhooks} are the operations stores (audit log, MLflow webhooks).
 */
public record Backend(String name, MetadataStore metadata, MetricStore metrics, ArtifactStore artifacts,
                      RegistryStore registry, EventPublisher events, String artifactRootUri,
                      AutoCloseable resources, LoggedModelStore loggedModels, AuditLog audit,
                      WebhookStore webhooks)
        implements AutoCloseable {

    /** The same stores announcing through {@code publisher} (a function layer wraps the publisher to count events). */
    public Backend withEvents(EventPublisher publisher) {
        return new Backend(name, metadata, metrics, artifacts, registry, publisher, artifactRootUri, resources,
                loggedModels, audit, webhooks);
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
