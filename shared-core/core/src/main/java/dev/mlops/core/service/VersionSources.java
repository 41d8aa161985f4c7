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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one seam between a version's {@code source} and the artifacts behind it. Understood sources: {@code
 * runs:/<run id>/<path>} and URIs under this backend's artifact root (a run's artifact URI and below). Anything
 * else ({@code s3://} elsewhere, {@code models:/<id>} logged models, ...) is registered as given, with no checksum.
 */
public final class VersionSources {

    static final String RUNS_SCHEME = "runs:/";
    private static final int MAX_MLMODEL_BYTES = 1024 * 1024;
    private static final int MAX_SEED_KEY_LENGTH = Validation.MAX_ENTITY_KEY_LENGTH;

    static final String MODELS_SCHEME = "models:/";
    /** MLflow 3 logged model ids; {@code models:/name/3} and {@code models:/name@alias} never match. */
    private static final Pattern LOGGED_MODEL_ID = Pattern.compile("m-[0-9a-f]{32}");

    private final MetadataStore metadata;
    private final LoggedModelStore loggedModels;
    private final ArtifactStore artifacts;
    private final String artifactRootUri;

    public VersionSources(MetadataStore metadata, LoggedModelStore loggedModels, ArtifactStore artifacts,
                          String artifactRootUri) {
        this.metadata = metadata;
        this.loggedModels = loggedModels;
        this.artifacts = artifacts;
        this.artifactRootUri = artifactRootUri;
    }

    /**
     * The run id a source names ({@code runs:/<id>/...}, or a logged model's source run), else {@code runId} as
     * given.
     */
    public String runIdOf(String source, String runId) {
        if (runId != null && !runId.isEmpty()) {
            return runId;
        }
        return parseRunsUri(source).map(RunsUri::runId)
                .or(() -> loggedModel(source).map(LoggedModel::sourceRunId))
                .orElse(null);
    }

    /** The logged model a {@code models:/<model_id>} source names, when it exists. */
    private Optional<LoggedModel> loggedModel(String source) {
        if (source == null || !source.startsWith(MODELS_SCHEME)) {
            return Optional.empty();
        }
        String id = source.substring(MODELS_SCHEME.length()).replaceFirst("^/+", "").replaceFirst("/+$", "");
        return LOGGED_MODEL_ID.matcher(id).matches() ? loggedModels.get(id) : Optional.empty();
    }

    /**
     * Reads what the source holds: run params and metrics, framework, artifact type and checksum. Never throws for
     * an unreadable source; the seeds then say FAILED_REGISTRATION with the reason.
     */
    public VersionSeeds seed(String source, String runId, Map<String, String> callerTags) {
        Map<String, String> tags = new HashMap<>();
        String framework = callerTags.get(VersionSeeds.FRAMEWORK);
        String effectiveRun = runIdOf(source, runId);
        Optional<Run> run = effectiveRun == null ? Optional.empty() : metadata.getRun(effectiveRun);
        run.ifPresent(r -> runSeeds(r, tags));

        Optional<RunsUri> runsUri = parseRunsUri(source);
        ArtifactPath path;
        if (runsUri.isPresent()) {
            if (run.isEmpty()) {
                return withFramework(VersionSeeds.failed(tags, "Run '" + runsUri.get().runId()
                        + "' named by source '" + source + "' does not exist."), framework);
            }
            path = storePath(run.get().info().artifactUri());
            if (path == null) {
                return withFramework(VersionSeeds.ready(tags), framework);
            }
            path = path.resolve(ArtifactPath.parse(runsUri.get().path()));
        } else {
            Optional<LoggedModel> model = loggedModel(source);
            path = storePath(model.map(LoggedModel::artifactLocation).orElse(source));
            if (path == null) {
                return withFramework(VersionSeeds.ready(tags), framework);
            }
        }
        Optional<ArtifactDigest.Result> digest;
        try {
            digest = ArtifactDigest.of(artifacts, path);
        } catch (InvalidParameterException badPath) {
            digest = Optional.empty();
        }
        if (digest.isEmpty()) {
            return withFramework(VersionSeeds.failed(tags, "No artifacts found at source '" + source + "'."),
                    framework);
        }
        ArtifactDigest.Result result = digest.get();
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
     * {@code runs:/} sources through the run's artifact URI, {@code models:/<id>} through the logged model, and URIs
     * under the artifact root as they are. Verify and recovery check and repair the version's artifact there.
     */
    public Optional<ArtifactPath> artifactPath(ModelVersion version) {
        Optional<RunsUri> runsUri = parseRunsUri(version.source());
        if (runsUri.isPresent()) {
            return metadata.getRun(runsUri.get().runId())
                    .map(run -> storePath(run.info().artifactUri()))
                    .map(base -> base.resolve(ArtifactPath.parse(runsUri.get().path())));
        }
        String uri = loggedModel(version.source()).map(LoggedModel::artifactLocation).orElse(version.source());
        return Optional.ofNullable(storePath(uri));
    }

    /**
     * Where a client downloads the version: {@code runs:/} sources resolve to the run's artifact URI, and
     * {@code models:/<model_id>} ones to the logged model's artifact location, as MLflow's server answers.
     */
    public String downloadUri(ModelVersion version) {
        Optional<LoggedModel> model = loggedModel(version.source());
        if (model.isPresent()) {
            return model.get().artifactLocation();
        }
        Optional<RunsUri> runsUri = parseRunsUri(version.source());
        if (runsUri.isEmpty()) {
            return version.source();
        }
        return metadata.getRun(runsUri.get().runId())
                .map(run -> join(run.info().artifactUri(), runsUri.get().path()))
                .orElse(version.source());
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
        if (uri == null || !uri.startsWith(artifactRootUri)) {
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
