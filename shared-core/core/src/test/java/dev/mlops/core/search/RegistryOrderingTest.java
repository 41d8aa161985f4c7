package dev.mlops.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.error.InvalidParameterException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryOrderingTest {

    @Test
    void versions_shouldSortByUpdateDescThenNameThenVersionDesc_whenNoOrderBy() {
        // Arrange
        List<ModelVersion> versions = List.of(v("b", 1, 5), v("a", 1, 5), v("a", 2, 5), v("c", 1, 9));

        // Act
        List<String> sorted = versions.stream().sorted(RegistryOrdering.versions(List.of())).map(this::id).toList();

        // Assert
        assertThat(sorted).containsExactly("c/1", "a/2", "a/1", "b/1");
    }

    @Test
    void versions_shouldBreakTiesByNameAsc_whenOrderedByVersionNumber() {
        // Arrange
        List<ModelVersion> versions = List.of(v("b", 2, 1), v("a", 1, 1), v("a", 2, 1), v("b", 1, 1));

        // Act
        List<String> sorted = versions.stream()
                .sorted(RegistryOrdering.versions(List.of("version_number DESC"))).map(this::id).toList();

        // Assert
        assertThat(sorted).containsExactly("a/2", "b/2", "a/1", "b/1");
    }

    @Test
    void models_shouldSortByNameAsc_whenTimestampsTie() {
        // Arrange
        List<RegisteredModel> models = List.of(m("b", 3), m("a", 3), m("c", 7));

        // Act
        List<String> byTime = models.stream().sorted(RegistryOrdering.models(List.of("timestamp DESC")))
                .map(RegisteredModel::name).toList();
        List<String> byName = models.stream().sorted(RegistryOrdering.models(List.of("name DESC")))
                .map(RegisteredModel::name).toList();

        // Assert
        assertThat(byTime).containsExactly("c", "a", "b");
        assertThat(byName).containsExactly("c", "b", "a");
    }

    @Test
    void versions_shouldRefuseDuplicateAndUnknownKeys_whenOrderByIsInvalid() {
        // Act / Assert
        assertThatThrownBy(() -> RegistryOrdering.versions(List.of("name ASC", "name DESC")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> RegistryOrdering.versions(List.of("run_id ASC")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> RegistryOrdering.models(List.of("name sideways")))
                .isInstanceOf(InvalidParameterException.class);
    }

    private String id(ModelVersion v) {
        return v.name() + "/" + v.version();
    }

    private static ModelVersion v(String name, int version, long updated) {
        return new ModelVersion(name, version, 1, updated, "u", ModelStage.NONE, "", "s", null, null,
                VersionStatus.READY, null, Map.of(), null);
    }

    private static RegisteredModel m(String name, long updated) {
        return new RegisteredModel(name, 1, updated, "", Map.of(), Map.of());
    }
}
