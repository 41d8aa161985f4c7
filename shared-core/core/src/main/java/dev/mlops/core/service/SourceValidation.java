package dev.mlops.core.service;

import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.Run;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.LoggedModelStore;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.RegistryStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which model version sources create-version accepts, exactly as MLflow 3.17's server decides
 * ({@code _create_model_version}, {@code _resolve_registered_model_source_lineage}, {@code _validate_source_run},
 * {@code _validate_source_model} in mlflow/server/handlers.py), with its messages:
 * <ul>
 *   <li>{@code runs:/<run>/<path>} only with {@code run_id} = that run (the run need not be known);</li>
 *   <li>{@code models:/<model id>} only with {@code model_id} = that id; {@code models:/<name>/<version>},
 *   {@code /<stage>}, {@code /latest} and {@code @<alias>} must name an existing version, and the source becomes
 *   {@code models:/<name>/<version>} with that version's run and logged model;</li>
 *   <li>{@code mlflow-artifacts:} sources (and the proxied http route) only inside the artifact location of the
 *   run or logged model the request names;</li>
 *   <li>local paths and {@code file:} URIs only inside that run's or model's local artifact directory, so never
 *   the server's own disk ({@code /etc/passwd}, {@code ../../x});</li>
 *   <li>other URIs ({@code s3://}, {@code gs://}, {@code dbfs:/} ...) when their path is absolute and free of
 *   relative references; host-addressed schemes are refused ({@link ArtifactUris}).</li>
 * </ul>
 * Whether the files can be read is not a condition: a readable source is checksummed later, an unreadable one is
 * registered READY and marked unverified ({@link VersionSources}).
 */
final class SourceValidation {

    /** The source as it will be stored, with the run and logged model it is registered under. */
    record Resolved(String source, String runId, String modelId) {
    }

    private final MetadataStore metadata;
    private final LoggedModelStore loggedModels;
    private final RegistryStore registry;
    private final ArtifactUris uris;

    SourceValidation(MetadataStore metadata, LoggedModelStore loggedModels, RegistryStore registry,
                     ArtifactUris uris) {
        this.metadata = metadata;
        this.loggedModels = loggedModels;
        this.registry = registry;
        this.uris = uris;
    }

    /** {@code runId} and {@code modelId} are null when the request does not carry them. */
    Resolved check(String source, String runId, String modelId) {
        uris.checkHost(source, "source");
        Resolved resolved = lineage(source, runId, modelId);
        if (resolved.modelId() != null && !resolved.modelId().isEmpty()) {
            checkAgainstModel(resolved.source(), resolved.modelId());
        } else {
            checkAgainstRun(resolved.source(), resolved.runId());
        }
        return resolved;
    }

    /** A {@code models:/<name>/...} source stands for the version it names. */
    private Resolved lineage(String source, String runId, String modelId) {
        UriParts parts = UriParts.parse(source);
        if (!parts.scheme().equals("models")) {
            return new Resolved(source, runId, modelId);
        }
        if (!parts.netloc().isEmpty()) {
            throw invalid(source, "Registered model sources must use the active model registry.");
        }
        ModelsUri uri = ModelsUri.parse(source).orElseThrow(() -> identify(source, "model_id"));
        if (uri.modelId() != null) {
            return new Resolved(source, runId, modelId);
        }
        ModelVersion version = referencedVersion(uri);
        if ((runId != null && !runId.equals(nullToEmpty(version.runId())))
                || (modelId != null && !modelId.equals(nullToEmpty(version.modelId())))) {
            throw invalid(source, "The run_id and model_id request parameters must match the referenced model "
                    + "version.");
        }
        return new Resolved("models:/" + version.name() + "/" + version.version(),
                runId != null ? runId : version.runId(), modelId != null ? modelId : version.modelId());
    }

    private ModelVersion referencedVersion(ModelsUri uri) {
        RegisteredModel model = registry.getModel(uri.name()).orElseThrow(() -> new ResourceNotFoundException(
                "Registered Model with name=" + uri.name() + " not found"));
        if (uri.version() != null) {
            int number = RegistryValidation.version(uri.version());
            return registry.getVersion(uri.name(), number).orElseThrow(() -> new ResourceNotFoundException(
                    "Model Version (name=" + uri.name() + ", version=" + number + ") not found"));
        }
        if (uri.alias() != null) {
            Integer number = model.aliases().get(uri.alias());
            if (number == null) {
                throw new ResourceNotFoundException("Registered model alias " + uri.alias() + " not found.");
            }
            return registry.getVersion(uri.name(), number).orElseThrow(() -> new ResourceNotFoundException(
                    "Registered model alias " + uri.alias() + " not found."));
        }
        List<ModelVersion> versions = registry.versionsOf(uri.name());
        Optional<ModelStage> stage = uri.stage() == null ? Optional.empty() : Optional.of(ModelStage.parse(uri.stage()));
        return versions.stream().filter(v -> stage.isEmpty() || v.stage() == stage.get())
                .max(Comparator.comparingInt(ModelVersion::version))
                .orElseThrow(() -> new ResourceNotFoundException("No versions of model with name '" + uri.name()
                        + "'" + stage.map(s -> " and stage '" + uri.stage() + "'").orElse("") + " found"));
    }

    /** {@code _validate_source_run}. */
    private void checkAgainstRun(String source, String runId) {
        if (ArtifactUris.isLocal(source)) {
            checkLocal(source, "run_id", runId != null && !runId.isEmpty()
                    ? run(runId, source).info().artifactUri() : null);
            return;
        }
        checkRelativeReferences(source);
        UriParts parts = UriParts.parse(source);
        if (parts.scheme().equals("runs")) {
            if (!parts.netloc().isEmpty()) {
                throw identify(source, "run_id");
            }
            String sourceRun = runsUriRunId(source);
            if (runId != null && !runId.isEmpty() && sourceRun.equals(runId)) {
                return;
            }
            throw identify(source, "run_id");
        }
        if (parts.scheme().equals("models")) {
            if (!parts.netloc().isEmpty() || ModelsUri.parse(source).map(u -> u.modelId() != null).orElse(true)) {
                throw identify(source, "model_id");
            }
        }
        if (ArtifactUris.isProxiedArtifactSource(source)) {
            if (runId != null && !runId.isEmpty()
                    && ArtifactUris.isWithinRoot(source, run(runId, source).info().artifactUri())) {
                return;
            }
            throw identify(source, "run_id");
        }
    }

    /** {@code _validate_source_model}. */
    private void checkAgainstModel(String source, String modelId) {
        if (ArtifactUris.isLocal(source)) {
            checkLocal(source, "model_id", model(modelId, source).artifactLocation());
            return;
        }
        checkRelativeReferences(source);
        UriParts parts = UriParts.parse(source);
        if (parts.scheme().equals("models")) {
            if (!parts.netloc().isEmpty()) {
                throw identify(source, "model_id");
            }
            ModelsUri uri = ModelsUri.parse(source).orElseThrow(() -> identify(source, "model_id"));
            if (uri.modelId() != null) {
                if (uri.modelId().equals(modelId)) {
                    return;
                }
                throw identify(source, "model_id");
            }
        }
        if (parts.scheme().equals("runs")) {
            throw identify(source, "model_id");
        }
        if (ArtifactUris.isProxiedArtifactSource(source)) {
            if (ArtifactUris.isWithinRoot(source, model(modelId, source).artifactLocation())) {
                return;
            }
            throw identify(source, "model_id");
        }
    }

    /** The run id of a {@code runs:/<run>/<path>} URI, or MLflow's complaint about its form. */
    static String runsUriRunId(String source) {
        String path = UriParts.parse(source).path();
        String runId = path.length() > 1 && path.startsWith("/") ? path.substring(1).split("/", -1)[0] : "";
        if (runId.isEmpty()) {
            throw new InvalidParameterException("Not a proper runs:/ URI: " + source + ". Runs URIs must be of the "
                    + "form 'runs:/<run_id>/run-relative/path/to/artifact'");
        }
        return runId;
    }

    /**
     * A local source must lie inside the named run's or model's local artifact directory ({@code root}, null when no
     * run was named). The message echoes the source as given: MLflow's shows it resolved, which would reveal the
     * server's working directory.
     */
    private void checkLocal(String source, String idName, String root) {
        if (root != null && locallyWithin(source, root)) {
            return;
        }
        throw invalid(source, "To use a local path as a model version source, the " + idName + " request parameter "
                + "has to be specified and the local path has to be contained within the artifact directory of the "
                + "run specified by the " + idName + ".");
    }

    private boolean locallyWithin(String source, String artifactUri) {
        if (artifactUri == null || !ArtifactUris.isLocal(artifactUri)) {
            return false;
        }
        String root = ArtifactUris.localPath(uris.resolveIfLocal(artifactUri));
        String path = ArtifactUris.localPath(uris.resolveIfLocal(source));
        return root.startsWith("/") && (path.equals(root) || path.startsWith(root.endsWith("/") ? root : root + "/"));
    }

    private void checkRelativeReferences(String source) {
        if (ArtifactUris.hasRelativeReferences(source)) {
            throw invalid(source, "If supplying a source as an http, https, local file path, ftp, objectstore, or "
                    + "mlflow-artifacts uri, an absolute path must be provided without relative path references "
                    + "present. Please provide an absolute path.");
        }
    }

    private Run run(String runId, String source) {
        if (!Validation.isRunId(runId)) {
            throw identify(source, "run_id");
        }
        return metadata.getRun(runId).orElseThrow(() -> identify(source, "run_id"));
    }

    private LoggedModel model(String modelId, String source) {
        if (!Validation.isRunId(modelId)) {
            throw identify(source, "model_id");
        }
        return loggedModels.get(modelId).orElseThrow(() -> identify(source, "model_id"));
    }

    private static InvalidParameterException identify(String source, String idName) {
        return invalid(source, "The " + idName + " request parameter must identify the resource that contains the "
                + "source.");
    }

    private static InvalidParameterException invalid(String source, String why) {
        return new InvalidParameterException("Invalid model version source: '" + source + "'. " + why);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
