package dev.mlops.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.error.InvalidParameterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IngestionKeyTest {

    static final String PREFIX = "incoming/models/";

    @Test
    void parse_shouldSplitNameAndNestedFile_whenUnderThePrefix() {
        IngestionKey key = IngestionKey.parse("incoming/models/churn model/v2/model.onnx", PREFIX);

        assertThat(key.modelName()).isEqualTo("churn model");
        assertThat(key.file()).isEqualTo("v2/model.onnx");
        assertThat(key.sidecar()).isFalse();
        assertThat(key.artifactType()).isEqualTo("onnx");
    }

    @Test
    void parse_shouldMarkSidecar_whenFileEndsInMlopsJson() {
        IngestionKey key = IngestionKey.parse("incoming/models/churn/model.pkl.mlops.json", PREFIX);

        assertThat(key.sidecar()).isTrue();
        assertThat(IngestionKey.sidecarKeyFor("incoming/models/churn/model.pkl")).isEqualTo(key.key());
    }

    @ParameterizedTest
    @CsvSource({"model.tar.gz,tar.gz", "MODEL.PKL,pkl", "weights,", ".hidden,", "dir.v1/weights,"})
    void artifactType_shouldComeFromTheExtension(String file, String type) {
        assertThat(IngestionKey.parse(PREFIX + "m/" + file, PREFIX).artifactType()).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "incoming/models/../secrets/x.pkl",
        "incoming/models/m/../../x.pkl",
        "incoming/models/m/./x.pkl",
        "incoming/models/../x",
        "incoming/models/m/%2e%2e/x.pkl",
        "incoming/models/m/%2E%2E%2Fx.pkl",
        "incoming/models/m\\..\\x.pkl",
        "/incoming/models/m/x.pkl",
        "incoming/models/m//x.pkl",
        "incoming/models/m/x\u0000.pkl"})
    void parse_shouldRefuseTraversal(String key) {
        assertThatThrownBy(() -> IngestionKey.parse(key, PREFIX)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("cannot be ingested");
    }

    @ParameterizedTest
    @ValueSource(strings = {"uploads/m/x.pkl", "incoming/model/m/x.pkl", "incoming/models/x.pkl",
        "incoming/models/m/", "incoming/models/m"})
    void parse_shouldRefuse_whenOutsideThePrefixOrWithoutAFile(String key) {
        assertThatThrownBy(() -> IngestionKey.parse(key, PREFIX)).isInstanceOf(InvalidParameterException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"incoming/models/a:b/x.pkl", "incoming/models/ /x.pkl"})
    void parse_shouldRefuseNamesMlflowRefuses(String key) {
        assertThatThrownBy(() -> IngestionKey.parse(key, PREFIX)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("model name");
    }

    @Test
    void decodeEventKey_shouldUndoS3FormEncoding() {
        assertThat(IngestionKey.decodeEventKey("incoming/models/churn+model/r%C3%A9sum%C3%A9.pkl"))
                .isEqualTo("incoming/models/churn model/résumé.pkl");
    }

    @Test
    void decodeEventKey_shouldRevealEncodedTraversal_soParseRefusesIt() {
        String key = IngestionKey.decodeEventKey("incoming/models/m/%2E%2E/%2E%2E/etc/passwd");

        assertThat(key).isEqualTo("incoming/models/m/../../etc/passwd");
        assertThatThrownBy(() -> IngestionKey.parse(key, PREFIX)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void decodeEventKey_shouldRefuseMalformedEscapes() {
        assertThatThrownBy(() -> IngestionKey.decodeEventKey("incoming/models/m/x%zz.pkl"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("URL-encoded");
    }
}
