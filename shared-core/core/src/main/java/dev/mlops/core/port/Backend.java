package dev.mlops.core.port;

/**
 * The stores one deployment runs on, as the services see them. {@code artifactRootUri} is the prefix of every run
 * artifact URI the metadata store hands out ({@code mlflow-artifacts:} locally, {@code s3://bucket/prefix} on AWS).
 * Logged models' artifacts live below the same root, at {@code <experiment>/models/<model id>/artifacts}.
 */
public record Backend(String name, MetadataStore metadata, MetricStore metrics, ArtifactStore artifacts,
                      RegistryStore registry, EventPublisher events, String artifactRootUri,
                      AutoCloseable resources, LoggedModelStore loggedModels)
        implements AutoCloseable {

    /** The same stores announcing through {@code publisher} (a function layer wraps the publisher to count events). */
    public Backend withEvents(EventPublisher publisher) {
        return new Backend(name, metadata, metrics, artifacts, registry, publisher, artifactRootUri, resources,
                loggedModels);
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
