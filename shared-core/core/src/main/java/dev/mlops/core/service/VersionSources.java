package dev.mlops.core.service;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.Run;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.ArtifactStore;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.RegistryStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one seam between a version's {@code source} and the artifacts behind it. Which sources are accepted is
 * {@link SourceValidation}'s business (MLflow's rules); this class reads what an accepted source holds. Sources it
 * can read (a run's artifacts under this backend's root via {@code runs:/<run>/<path>}, a logged model via
 * {@code models:/<model id>}, another version via {@code models:/<name>/<version>}, or a URI under the artifact
 * root) are checksummed and marked {@code mlops.integrity=verified}; anything else ({@code s3://} elsewhere, a run
 * this server does not know, an empty location) is registered all the same and marked
 * {@code mlops.integrity=unverified}, as MLflow registers it without looking. A promotion gate can demand
 * {@code tags.`mlops.integrity` = 'verified'}.
 */
public final class VersionSources {

    static final String RUNS_SCHEME = "runs:/";
    private static final int MAX_MLMODEL_BYTES = 1024 * 1024;
    private static final int MAX_SEED_KEY_LENGTH = Validation.MAX_ENTITY_KEY_LENGTH;
    /** How many {@code models:/<name>/<version>} hops a download URI follows before giving up. */
    private static final int MAX_HOPS = 8;

    private final MetadataStore metadata;
    private final LoggedModelStore loggedModels;
    private final RegistryStore registry;
    private final ArtifactStore artifacts;
    private final String artifactRootUri;

    public VersionSources(MetadataStore metadata, LoggedModelStore loggedModels, RegistryStore registry,
                          ArtifactStore artifacts, String artifactRootUri) {
        this.metadata = metadata;
        this.loggedModels = loggedModels;
        this.registry = registry;
        this.artifacts = artifacts;
        this.artifactRootUri = artifactRootUri;
    }

    /**
     * The run id a version is registered under: the request's, else the {@code runs:/<id>/...} source's, else the
     * source logged model's run.
     */
    public String runIdOf(String source, String runId, String modelId) {
        if (runId != null && !runId.isEmpty()) {
            return runId;
        }
        Optional<String> fromRunsUri = parseRunsUri(source).map(RunsUri::runId);
        if (fromRunsUri.isPresent()) {
            return fromRunsUri.get();
        }
        return loggedModel(source).or(() -> modelId == null || modelId.isEmpty() || !Validation.isRunId(modelId)
                        ? Optional.empty() : loggedModels.get(modelId))
                .map(LoggedModel::sourceRunId).orElse(null);
    }

    /** The logged model a {@code models:/<model_id>} source names, when it exists. */
    private Optional<LoggedModel> loggedModel(String source) {
        return ModelsUri.parse(source).map(ModelsUri::modelId).filter(Validation::isRunId)
                .flatMap(loggedModels::get);
    }

    /**
     * Reads what the source holds: run params and metrics, framework, artifact type, checksum and integrity.
     * Never fails: a source it cannot read is marked unverified.
     */
    public VersionSeeds seed(String source, String runId, Map<String, String> callerTags) {
        Map<String, String> tags = new HashMap<>();
        String framework = callerTags.get(VersionSeeds.FRAMEWORK);
        Optional<Run> run = runId == null || !Validation.isRunId(runId) ? Optional.empty() : metadata.getRun(runId);
        run.ifPresent(r -> runSeeds(r, tags));
        if (run.isEmpty() && runId != null && !runId.isEmpty()) {
            tags.put(VersionSeeds.SOURCE_RUN, VersionSeeds.UNKNOWN);
        }

        ArtifactPath path = storePath(location(source, 0));
        Optional<ArtifactDigest.Result> digest = Optional.empty();
        if (path != null) {
            try {
                digest = ArtifactDigest.of(artifacts, path);
            } catch (InvalidParameterException | ResourceNotFoundException unreadable) {
                digest = Optional.empty();
            }
        }
        if (digest.isEmpty()) {
            tags.put(VersionSeeds.INTEGRITY, VersionSeeds.UNVERIFIED);
            return withFramework(VersionSeeds.ready(tags), framework);
        }
        ArtifactDigest.Result result = digest.get();
        tags.put(VersionSeeds.INTEGRITY, VersionSeeds.VERIFIED);
        tags.put(VersionSeeds.SHA256, result.sha256());
        tags.put(VersionSeeds.SIZE_BYTES, Long.toString(result.sizeBytes()));
        List<String> flavors = result.directory() && result.paths().contains("MLmodel")
                ? flavors(path.resolve(ArtifactPath.parse("MLmodel")))
                : List.of();
        tags.put(VersionSeeds.ARTIFACT_TYPE, result.paths().contains("MLmodel") ? "mlflow-model"
                : result.directory() ? "directory" : "file");
        String fromFlavors = flavors.stream().filter(f -> !f.equals("python_function")).findFirst()
                .orElse(flavors.isEmpty() ? null : flavors.get(0));
        return withFramework(VersionSeeds.ready(tags), fromFlavors != null ? fromFlavors : framework);
    }

    /**
     * Where the version's files are in this backend's artifact store (a file or a directory), when they are there:
     * the download location ({@link #downloadUri}) when it lies under the artifact root. Verify and recovery check
     * and repair the version's artifact there.
     */
    public Optional<ArtifactPath> artifactPath(ModelVersion version) {
        return Optional.ofNullable(storePath(location(version.source(), 0)));
    }

    /**
     * Where a client downloads the version: {@code runs:/} sources resolve to the run's artifact URI,
     * {@code models:/<model_id>} ones to the logged model's artifact location and {@code models:/<name>/<version>}
     * to that version's, as MLflow's server answers; anything else is the source itself.
     */
    public String downloadUri(ModelVersion version) {
        return location(version.source(), 0);
    }

    private String location(String source, int hops) {
        Optional<LoggedModel> model = loggedModel(source);
        if (model.isPresent()) {
            return model.get().artifactLocation();
        }
        Optional<ModelsUri> named = ModelsUri.parse(source).filter(u -> u.name() != null && u.version() != null);
        if (named.isPresent() && hops < MAX_HOPS) {
            return registry.getVersion(named.get().name(), Integer.parseInt(named.get().version()))
                    .map(v -> location(v.source(), hops + 1)).orElse(source);
        }
        Optional<RunsUri> runsUri = parseRunsUri(source);
        if (runsUri.isEmpty()) {
            return source;
        }
        return (Validation.isRunId(runsUri.get().runId()) ? metadata.getRun(runsUri.get().runId())
                : Optional.<Run>empty())
                .map(run -> join(run.info().artifactUri(), runsUri.get().path()))
                .orElse(source);
    }

    private static VersionSeeds withFramework(VersionSeeds seeds, String framework) {
        if (framework == null || framework.isEmpty()) {
            return seeds;
        }
        Map<String, String> tags = new HashMap<>(seeds.tags());
        tags.put(VersionSeeds.FRAMEWORK, framework);
        return new VersionSeeds(tags, seeds.status(), seeds.statusMessage());
    }

    private static void runSeeds(Run run, Map<String, String> tags) {
        run.params().forEach((key, value) -> putSeed(tags, VersionSeeds.PARAM_PREFIX + key, value));
        for (MetricPoint point : run.latestMetrics().values()) {
            putSeed(tags, VersionSeeds.METRIC_PREFIX + point.key(), metricText(point.value()));
        }
    }

    /** Seeds obey the registry's tag limits: over-long keys are left out, values are cut to the limit. */
    private static void putSeed(Map<String, String> tags, String key, String value) {
        if (key.length() <= MAX_SEED_KEY_LENGTH) {
            String text = value == null ? "" : value;
            tags.put(key, text.length() > RegistryValidation.MAX_TAG_VALUE_LENGTH
                    ? text.substring(0, RegistryValidation.MAX_TAG_VALUE_LENGTH) : text);
        }
    }

    /** Java's shortest round-trip form ("0.95", "1.0", "NaN"), which Double.parseDouble reads back exactly. */
    private static String metricText(double value) {
        return Double.toString(value);
    }

    /** The store path of a URI under our artifact root, or null when the URI lies elsewhere. */
    private ArtifactPath storePath(String uri) {
        if (uri == null || !uri.startsWith(artifactRootUri) || ArtifactUris.hasRelativeReferences(uri)) {
            return null;
        }
        try {
            return ArtifactService.storePath(artifactRootUri, uri);
        } catch (InvalidParameterException notOurs) {
            return null;
        }
    }

    /** The flavor names of an MLmodel file: the keys indented one level under {@code flavors:}. */
    private List<String> flavors(ArtifactPath mlmodel) {
        String text;
        try (InputStream in = artifacts.open(mlmodel)) {
            text = new String(in.readNBytes(MAX_MLMODEL_BYTES), StandardCharsets.UTF_8);
        } catch (IOException | ResourceNotFoundException e) {
            return List.of();
        }
        List<String> flavors = new ArrayList<>();
        boolean inFlavors = false;
        int indent = -1;
        for (String line : text.split("\\R")) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int lead = line.length() - line.stripLeading().length();
            if (lead == 0) {
                inFlavors = line.startsWith("flavors:");
                continue;
            }
            if (!inFlavors) {
                continue;
            }
            if (indent < 0) {
                indent = lead;
            }
            String stripped = line.strip();
            if (lead == indent && stripped.endsWith(":")) {
                flavors.add(stripped.substring(0, stripped.length() - 1));
            }
        }
        return flavors;
    }

    private record RunsUri(String runId, String path) {
    }

    private static Optional<RunsUri> parseRunsUri(String source) {
        if (source == null || !source.startsWith(RUNS_SCHEME)) {
            return Optional.empty();
        }
        String rest = source.substring(RUNS_SCHEME.length()).replaceFirst("^/+", "");
        int slash = rest.indexOf('/');
        String runId = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        return runId.isEmpty() ? Optional.empty() : Optional.of(new RunsUri(runId, path));
    }

    private static String join(String base, String path) {
        if (path.isEmpty()) {
            return base;
        }
        return base.endsWith("/") ? base + path : base + "/" + path;
    }
}
