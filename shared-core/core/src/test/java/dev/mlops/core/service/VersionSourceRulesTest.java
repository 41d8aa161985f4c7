package dev.mlops.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.error.ErrorCode;
import dev.mlops.core.error.MlopsException;
import dev.mlops.core.local.LocalBackend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.service.RegistryViews.VersionView;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which model version sources create-version accepts and refuses, case by case as MLflow 3.17's server decides
 * (mlflow/server/handlers.py), with its messages; a refused request registers nothing. {@code RUN}, {@code MODEL},
 * {@code RUN_URI} and {@code MODEL_URI} in the tables stand for a real run, a logged model and their artifact URIs.
 * One backend serves the class; each case registers under a model of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionSourceRulesTest {

    @TempDir
    static Path dataDir;
    private LocalBackend backend;
    private RegistryService registry;
    private Run run;
    private LoggedModel model;
    private String name;

    @BeforeAll
    void open() {
        backend = LocalBackend.open(dataDir, InstantSource.system());
        TrackingService tracking = new TrackingService(backend.metadata(), backend.metrics(), EventPublisher.NONE,
                InstantSource.system());
        run = tracking.createRun("0", "u", "r", null, List.of(), null);
        model = new LoggedModelService(backend.metadata(), backend.loggedModels(), InstantSource.system())
                .create(new LoggedModelService.NewLoggedModel("0", "m", null, run.runId(), List.of(), List.of()),
                        null);
        registry = service(Set.of());
        registry.createRegisteredModel("earlier", List.of(), null);
        registry.createModelVersion(new NewVersionRequest("earlier", "s3://bucket/v1", run.runId(), List.of(), null,
                null, null, "u", null));
        registry.setAlias("earlier", "champion", "1");
    }

    @BeforeEach
    void newModel() {
        name = "model-" + UUID.randomUUID();
        registry.createRegisteredModel(name, List.of(), null);
    }

    @AfterAll
    void close() {
        backend.close();
    }

    @ParameterizedTest(name = "{0} run_id={1} model_id={2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "runs:/RUN/model                         | RUN      | -",
        "runs:/0123abcd/model                    | 0123abcd | -",
        "RUN_URI/model                           | RUN      | -",
        "RUN_URI                                 | RUN      | -",
        "s3://bucket/path/model                  | -        | -",
        "s3://bucket/models/artifact/..../       | -        | -",
        "dbfs:/databricks/mlflow/model           | -        | -",
        "gs://bucket/a//b/                       | -        | -",
        "models:/MODEL                           | -        | MODEL",
        "MODEL_URI                               | -        | MODEL",
        "MODEL_URI/MLmodel                       | -        | MODEL",
        "models:/earlier/1                       | -        | -",
        "models:/earlier@champion                | -        | -",
        "models:/earlier/latest                  | RUN      | -",
    })
    void createModelVersion_shouldAccept_whatMlflowAccepts(String source, String runId, String modelId) {
        VersionView created = registry.createModelVersion(request(fill(source), fill(runId), fill(modelId)));

        assertThat(created.version().status().name()).isEqualTo("READY");
    }

    @ParameterizedTest(name = "{0} run_id={1} model_id={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", value = {
        "runs:/RUN/model                         | -     | -     | The run_id request parameter must identify",
        "runs:/RUN/model                         | other | -     | The run_id request parameter must identify",
        "runs://host/RUN/model                   | RUN   | -     | The run_id request parameter must identify",
        "runs:/                                  | RUN   | -     | an absolute path must be provided",
        "/etc/passwd                             | -     | -     | To use a local path as a model version source",
        "/etc/passwd                             | RUN   | -     | To use a local path as a model version source",
        "file:///etc/passwd                      | RUN   | -     | To use a local path as a model version source",
        "../../etc/passwd                        | RUN   | -     | To use a local path as a model version source",
        "model                                   | -     | -     | To use a local path as a model version source",
        "file://123.45.6.7/path/to/source        | RUN   | -     | is not a valid remote uri",
        "mlflow-artifacts:/models                | RUN   | -     | The run_id request parameter must identify",
        "RUN_URI/model                           | -     | -     | The run_id request parameter must identify",
        "mlflow-artifacts:/0/unknown/artifacts   | 0a1b  | -     | The run_id request parameter must identify",
        "s3a://bucket/a/../../b                  | -     | -     | an absolute path must be provided",
        "s3://bucket/a/..%2f..%2fb               | -     | -     | an absolute path must be provided",
        "s3://bucket/a%252e%252e/b/..            | -     | -     | an absolute path must be provided",
        "s3://bucket/a%00                        | -     | -     | an absolute path must be provided",
        "s3://bucket                             | -     | -     | an absolute path must be provided",
        "dbfs:/RUN/artifacts/a%3f/../../../..    | RUN   | -     | Invalid model version source",
        "http://host:9000/models                 | RUN   | -     | 'source' cannot use the 'http' scheme",
        "https://host/api/2.0/mlflow-artifacts/artifacts/x | RUN | - | 'source' cannot use the 'https' scheme",
        "mlflow-artifacts://host:9000/models     | RUN   | -     | cannot use the 'mlflow-artifacts' scheme",
        "ftp://host:8888/a                       | -     | -     | cannot use the 'ftp' scheme",
        "models:/MODEL                           | -     | -     | The model_id request parameter must identify",
        "models:/MODEL                           | -     | m-0a  | The model_id request parameter must identify",
        "runs:/RUN/model                         | -     | MODEL | The model_id request parameter must identify",
        "file:///path/to/model                   | -     | MODEL | the model_id request parameter has to be specified",
        "mlflow-artifacts:/0/elsewhere           | -     | MODEL | The model_id request parameter must identify",
        "models://host/earlier/1                 | -     | -     | must use the active model registry",
        "models:/earlier/1                       | other | -     | must match the referenced model version",
    })
    void createModelVersion_shouldRefuseAndRegisterNothing_whatMlflowRefuses(String source, String runId,
                                                                              String modelId, String message) {
        assertThatThrownBy(() -> registry.createModelVersion(request(fill(source), fill(runId), fill(modelId))))
                .isInstanceOf(MlopsException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));

        assertThat(registry.searchModelVersions("name = '" + name + "'", null, null, null).versions()).isEmpty();
    }

    @Test
    void createModelVersion_shouldStoreTheResolvedVersion_whenSourceNamesAnotherVersion() {
        VersionView created = registry.createModelVersion(request("models:/earlier@champion", null, null));

        assertThat(created.version().source()).isEqualTo("models:/earlier/1");
        assertThat(created.version().runId()).isEqualTo(run.runId());
        assertThat(registry.getModelVersionDownloadUri(name, "1")).isEqualTo("s3://bucket/v1");
    }

    @Test
    void createModelVersion_shouldMarkARunThatNeverExisted_soVerifyDoesNotCallItLost() {
        VersionView unknown = registry.createModelVersion(request("s3://bucket/m", "0123abcd", null));
        VersionView known = registry.createModelVersion(request("s3://bucket/m", run.runId(), null));

        assertThat(unknown.version().tags()).containsEntry(VersionSeeds.SOURCE_RUN, VersionSeeds.UNKNOWN);
        assertThat(known.version().tags()).doesNotContainKey(VersionSeeds.SOURCE_RUN);
    }

    @Test
    void createModelVersion_shouldRefuseWithNotFound_whenSourceNamesAMissingVersion() {
        assertThatThrownBy(() -> registry.createModelVersion(request("models:/earlier/9", null, null)))
                .isInstanceOf(MlopsException.class)
                .satisfies(e -> assertThat(((MlopsException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void createModelVersion_shouldListTheVersionOnItsLoggedModel_asMlflowDoes() {
        LoggedModel own = new LoggedModelService(backend.metadata(), backend.loggedModels(), InstantSource.system())
                .create(new LoggedModelService.NewLoggedModel("0", "own", null, null, List.of(), List.of()), null);

        registry.createModelVersion(request(own.artifactLocation(), null, own.modelId()));
        registry.createModelVersion(request("models:/" + own.modelId(), null, own.modelId()));

        assertThat(backend.loggedModels().get(own.modelId()).orElseThrow().tags())
                .containsEntry("mlflow.modelVersions", "[{\"name\": \"" + name + "\", \"version\": 1}, "
                        + "{\"name\": \"" + name + "\", \"version\": 2}]");
    }

    @Test
    void createModelVersion_shouldAcceptAHostAddressedScheme_whenTheOperatorAllowsIt() {
        RegistryService allowing = service(Set.of("HTTPS"));
        assertThatThrownBy(() -> registry.createModelVersion(request("https://models.example.com/m", null, null)))
                .isInstanceOf(MlopsException.class);

        VersionView created = allowing.createModelVersion(request("https://models.example.com/m", null, null));

        assertThat(created.version().tags()).containsEntry("mlops.integrity", "unverified");
    }

    private RegistryService service(Set<String> allowedSchemes) {
        return new RegistryService(backend.registry(), backend.metadata(), backend.loggedModels(),
                backend.artifacts(), LocalBackend.ARTIFACT_ROOT_URI, EventPublisher.NONE, PreHooks.NONE,
                InstantSource.system(), new ArtifactUris(allowedSchemes, dataDir));
    }

    private String fill(String text) {
        return text == null ? null : text.replace("RUN_URI", run.info().artifactUri())
                .replace("MODEL_URI", model.artifactLocation()).replace("RUN", run.runId())
                .replace("MODEL", model.modelId());
    }

    private NewVersionRequest request(String source, String runId, String modelId) {
        return new NewVersionRequest(name, source, runId, List.<Tag>of(), null, null, modelId, "tester", null);
    }
}
