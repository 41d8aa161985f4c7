package dev.mlops.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Experiment artifact locations as MLflow 3.17's server takes them (handlers._create_experiment, resolve_uri_if_local). */
class ArtifactUrisTest {

    private final ArtifactUris uris = new ArtifactUris(Set.of(), Path.of("/srv/mlops"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "my_location              | /srv/mlops/my_location",
        "sub/dir                  | /srv/mlops/sub/dir",
        "../elsewhere             | /srv/mlops/../elsewhere",
        "/abs/path                | /abs/path",
        "file:rel                 | file:///srv/mlops/rel",
        "file:///abs              | file:///abs",
        "s3://bucket/prefix       | s3://bucket/prefix",
        "mlflow-artifacts:/custom | mlflow-artifacts:/custom",
        "dbfs:/databricks/x       | dbfs:/databricks/x",
    })
    void experimentLocation_shouldResolveRelativeLocalPathsAgainstTheWorkingDirectory(String given, String stored) {
        assertThat(uris.experimentLocation(given)).isEqualTo(stored);
    }

    @Test
    void experimentLocation_shouldLeaveTheBackendDefault_whenBlank() {
        assertThat(uris.experimentLocation(null)).isNull();
        assertThat(uris.experimentLocation(" ")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "runs:/abc/model                 | Artifact location cannot be a runs:/ URI. Given: 'runs:/abc/model'",
        "http://host/path                | 'artifact_location' cannot use the 'http' scheme",
        "mlflow-artifacts://host:1/x     | 'artifact_location' cannot use the 'mlflow-artifacts' scheme",
        "s3://bucket/x#frag              | 'artifact_location' URL can't include fragments or params.",
        "s3://bucket/x?p=..%2F..         | Invalid query string",
    })
    void experimentLocation_shouldRefuseWhatMlflowRefuses(String given, String message) {
        assertThatThrownBy(() -> uris.experimentLocation(given)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(message);
    }

    @Test
    void experimentLocation_shouldRefuseLocationsLongerThanMlflowAllows() {
        assertThatThrownBy(() -> uris.experimentLocation("s3://b/" + "x".repeat(2048)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("cannot be greater than 2048");
    }

    @Test
    void hostAddressedSchemes_shouldPass_whenTheOperatorAllowsThem() {
        ArtifactUris allowing = new ArtifactUris(ArtifactUris.schemes("https, ftp"), Path.of("/srv"));

        assertThat(allowing.experimentLocation("https://store.example.com/a")).isEqualTo("https://store.example.com/a");
        assertThatThrownBy(() -> allowing.experimentLocation("http://store.example.com/a"))
                .isInstanceOf(InvalidParameterException.class);
    }
}
