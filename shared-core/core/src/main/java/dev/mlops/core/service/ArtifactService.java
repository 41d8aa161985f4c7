package dev.mlops.core.service;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.domain.Run;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.ArtifactEntry;
import dev.mlops.core.port.ArtifactStore;
import java.io.InputStream;
import java.util.List;

/**
 * Serves artifacts whose URIs use the proxied {@code mlflow-artifacts:} scheme: the client uploads and downloads
 * through us, and a run's artifacts live under {@code <experiment>/<run>/artifacts} in the store.
 */
public final class ArtifactService {

    public static final String PROXY_SCHEME = "mlflow-artifacts:";

    private final TrackingService tracking;
    private final ArtifactStore store;

    public ArtifactService(TrackingService tracking, ArtifactStore store) {
        this.tracking = tracking;
        this.store = store;
    }

    /** What artifacts/list answers: the run's root URI and the entries below {@code path}, relative to that root. */
    public record RunListing(String rootUri, List<ArtifactEntry> files) {
    }

    public RunListing listRunArtifacts(String runId, String path) {
        Run run = tracking.getRun(runId);
        ArtifactPath relative = ArtifactPath.parse(path);
        ArtifactPath root = storePath(run.info().artifactUri());
        List<ArtifactEntry> files = store.list(root.resolve(relative)).stream()
                .map(e -> new ArtifactEntry(relative.isRoot() ? e.path() : relative + "/" + e.path(), e.isDir(),
                        e.size()))
                .toList();
        return new RunListing(run.info().artifactUri(), files);
    }

    public long upload(String path, InputStream content, long declaredSize) {
        return store.put(ArtifactPath.parse(path), content, declaredSize);
    }

    public InputStream download(String path) {
        return store.open(ArtifactPath.parse(path));
    }

    /** Direct children of a proxied directory, named by their base names as MLflow's artifact server does. */
    public List<ArtifactEntry> list(String path) {
        return store.list(ArtifactPath.parse(path));
    }

    public void delete(String path) {
        ArtifactPath parsed = ArtifactPath.parse(path);
        if (parsed.isRoot()) {
            throw new InvalidParameterException("Refusing to delete the whole artifact root.");
        }
        store.delete(parsed);
    }

    /** The store path behind a proxied URI such as {@code mlflow-artifacts:/1/abc/artifacts}. */
    static ArtifactPath storePath(String artifactUri) {
        if (artifactUri == null || !artifactUri.startsWith(PROXY_SCHEME)) {
            throw new InvalidParameterException("Artifacts at '" + artifactUri
                    + "' are not served by this server; only " + PROXY_SCHEME + " locations are.");
        }
        String rest = artifactUri.substring(PROXY_SCHEME.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        return ArtifactPath.parse(rest.replaceFirst("^/+", ""));
    }
}
