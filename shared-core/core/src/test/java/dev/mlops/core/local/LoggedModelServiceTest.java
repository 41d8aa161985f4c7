package dev.mlops.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.LoggedModelStatus;
import dev.mlops.core.domain.Param;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.service.LoggedModelService;
import dev.mlops.core.service.LoggedModelService.NewLoggedModel;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoggedModelService's rules on the local backend: validation before any write, MLflow's ids and locations. */
class LoggedModelServiceTest {

    @TempDir
    Path dataDir;
    private LocalBackend backend;
    private LoggedModelService service;
    private String experimentId;

    @BeforeEach
    void open() {
        backend = LocalBackend.open(dataDir, InstantSource.system());
        service = new LoggedModelService(backend.metadata(), backend.loggedModels(), InstantSource.system());
        experimentId = backend.metadata().createExperiment(new NewExperiment("e", null, Map.of(), 1L))
                .experimentId();
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void create_shouldGiveMlflowIdLocationAndRandomName_whenNameIsAbsent() {
        LoggedModel model = service.create(request(null, List.of()), null);

        assertThat(model.modelId()).matches("m-[0-9a-f]{32}");
        assertThat(model.artifactLocation())
                .isEqualTo("mlflow-artifacts:/" + experimentId + "/models/" + model.modelId() + "/artifacts");
        assertThat(model.name()).isNotBlank();
        assertThat(model.status()).isEqualTo(LoggedModelStatus.PENDING);
    }

    @Test
    void create_shouldMakeDistinctModels_whenTheSameRequestComesTwiceWithoutAKey() {
        LoggedModel first = service.create(request("m", List.of()), null);
        LoggedModel second = service.create(request("m", List.of()), null);

        assertThat(second.modelId()).isNotEqualTo(first.modelId());
    }

    @Test
    void create_shouldReturnTheFirstModel_whenRetriedWithTheSameKey() {
        LoggedModel first = service.create(request("m", List.of()), "key-1");
        LoggedModel retry = service.create(request("m", List.of()), "key-1");

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void create_shouldWriteNothing_whenInputIsInvalid() {
        assertThatThrownBy(() -> service.create(request("a.b", List.of()), null))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> service.create(request("m", List.of(new Param("bad key!", "1"))), null))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> service.create(new NewLoggedModel("424242", "m", null, null, null, null), null))
                .isInstanceOf(ResourceNotFoundException.class);

        assertThat(service.search(List.of(experimentId), null, List.of(), List.of(), null, null).items()).isEmpty();
    }

    @Test
    void create_shouldRefuse_whenExperimentIsDeleted() {
        Experiment experiment = backend.metadata().getExperiment(experimentId).orElseThrow();
        backend.metadata().updateExperiment(experiment.withLifecycle(LifecycleStage.DELETED, 2L));

        assertThatThrownBy(() -> service.create(request("m", List.of()), null))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("active");
    }

    @Test
    void logParams_shouldRefuseAChangedValueAndKeepTheStoredOne() {
        LoggedModel model = service.create(request("m", List.of(new Param("lr", "0.1"))), null);

        service.logParams(model.modelId(), List.of(new Param("lr", "0.1"), new Param("depth", "3")));

        assertThatThrownBy(() -> service.logParams(model.modelId(), List.of(new Param("lr", "0.2"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Changing param values");
        assertThat(service.get(model.modelId(), false).params()).containsEntry("lr", "0.1").containsEntry("depth", "3");
    }

    @Test
    void deletedModel_shouldBeHiddenAndRefuseChanges() {
        LoggedModel model = service.create(request("m", List.of()), null);

        service.delete(model.modelId());

        assertThatThrownBy(() -> service.get(model.modelId(), false)).isInstanceOf(ResourceNotFoundException.class);
        assertThat(service.get(model.modelId(), true).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThatThrownBy(() -> service.setTags(model.modelId(), List.of(new Tag("a", "b"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void get_shouldRefuseIdsThatAreNotPlainNames() {
        assertThatThrownBy(() -> service.get("../../etc", false)).isInstanceOf(InvalidParameterException.class);
    }

    private NewLoggedModel request(String name, List<Param> params) {
        return new NewLoggedModel(experimentId, name, null, null, List.of(), params);
    }
}
