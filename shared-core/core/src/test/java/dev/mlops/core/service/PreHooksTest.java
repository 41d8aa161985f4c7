package dev.mlops.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.local.LocalBackend;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pre-hooks on version creation, deletions, stages and aliases, and the events the registry announces. */
class PreHooksTest {

    @TempDir
    Path dataDir;
    private LocalBackend backend;
    private TrackingService tracking;
    private final List<DomainEvent> published = new ArrayList<>();

    @BeforeEach
    void open() {
        backend = LocalBackend.open(dataDir, InstantSource.system());
        tracking = new TrackingService(backend.metadata(), backend.metrics(), EventPublisher.NONE,
                InstantSource.system());
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void createVersion_shouldBeRefusedByItsHook_namingTheRule_andStoreNothing() {
        RegistryService registry = service(null, "create_version: metrics.accuracy >= 0.5");
        registry.createRegisteredModel("fraud", List.of(), null);

        assertThatThrownBy(() -> registry.createModelVersion(request("fraud", run(0.4))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("Creating a version of this model was rejected by pre-hook 'create_version: "
                        + "metrics.accuracy >= 0.5': the condition 'metrics.accuracy >= 0.5' is not met.");

        assertThat(backend.registry().versionsOf("fraud")).isEmpty();
        assertThat(published.getLast()).isInstanceOfSatisfying(DomainEvent.OperationRejected.class, e -> {
            assertThat(e.operation()).isEqualTo("create_version");
            assertThat(e.name()).isEqualTo("fraud");
            assertThat(e.rule()).isEqualTo("create_version: metrics.accuracy >= 0.5");
        });
        assertThat(registry.createModelVersion(request("fraud", run(0.8))).version().version()).isEqualTo(1);
    }

    @Test
    void deletions_shouldBeGuarded_byModelCountsAndTheVersionsStage() {
        RegistryService registry = service(null,
                "delete_model: metrics.production_versions = 0; delete_version: tags.`mlops.stage` != 'Production'");
        registry.createRegisteredModel("churn", List.of(), null);
        registry.createModelVersion(request("churn", run(0.9)));
        registry.createModelVersion(new NewVersionRequest("churn", "s3://b/other", null, List.of(), null, null,
                null, "tester", "second"));
        registry.transitionModelVersionStage("churn", "1", "Production", false);

        assertThatThrownBy(() -> registry.deleteModelVersion("churn", "1"))
                .hasMessageContaining("Deleting this model version was rejected by pre-hook");
        assertThatThrownBy(() -> registry.deleteRegisteredModel("churn"))
                .hasMessageContaining("the condition 'metrics.production_versions = 0' is not met");
        registry.deleteModelVersion("churn", "2");
        assertThat(backend.registry().versionsOf("churn")).hasSize(1);

        registry.transitionModelVersionStage("churn", "1", "Archived", false);
        registry.deleteRegisteredModel("churn");
        assertThat(backend.registry().getModel("churn")).isEmpty();
        assertThat(published).filteredOn(DomainEvent.OperationRejected.class::isInstance)
                .extracting(e -> ((DomainEvent.OperationRejected) e).operation())
                .containsExactly("delete_version", "delete_model");
    }

    @Test
    void legacyGates_shouldStillGuardStagesAndAliases_besideTheHooks() {
        RegistryService registry = service("Production: metrics.accuracy >= 0.9", "stage:Staging: tags.ok = 'y'");
        registry.createRegisteredModel("gated", List.of(), null);
        registry.createModelVersion(request("gated", run(0.95)));

        assertThatThrownBy(() -> registry.transitionModelVersionStage("gated", "1", "Staging", false))
                .hasMessageContaining("Promotion of this version to Staging was rejected by gate 'Staging: tags.ok");
        assertThat(published).filteredOn(DomainEvent.PromotionRejected.class::isInstance).hasSize(1);
        assertThat(published).filteredOn(DomainEvent.OperationRejected.class::isInstance).hasSize(1);
        assertThat(registry.transitionModelVersionStage("gated", "1", "Production", false).version().stage())
                .isEqualTo(ModelStage.PRODUCTION);
    }

    @Test
    void parse_shouldRefuseUnknownTargetsAndEmptyConditions() {
        assertThatThrownBy(() -> PreHooks.parse("create_versions: metrics.a > 1"))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> PreHooks.parse("delete_model:   ")).hasMessageContaining("the condition is empty");
        assertThat(PreHooks.parse("Production: metrics.a > 1", "DELETE_MODEL: tags.x = 'y'").rules())
                .extracting(PreHooks.Rule::operation)
                .containsExactly(PreHooks.Operation.STAGE, PreHooks.Operation.DELETE_MODEL);
    }

    @Test
    void registryWrites_shouldAnnounceWhatWebhooksNeed() {
        RegistryService registry = service(null, null);
        registry.createRegisteredModel("events", List.of(new Tag("team", "a")), "described");
        registry.createModelVersion(new NewVersionRequest("events", "s3://b/m", null, List.of(new Tag("k", "v")),
                null, "first", null, "tester", null));
        registry.setModelVersionTag("events", "1", "approved", "yes");
        registry.deleteModelVersionTag("events", "1", "approved");
        registry.setAlias("events", "champion", "1");
        registry.deleteAlias("events", "champion");

        assertThat(published).filteredOn(e -> !(e instanceof DomainEvent.ModelAliasSet))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("RegisteredModelCreated", "ModelVersionCreated", "ModelVersionTagSet",
                        "ModelVersionTagDeleted", "ModelAliasDeleted");
        assertThat(published.getFirst()).isEqualTo(new DomainEvent.RegisteredModelCreated("events",
                Map.of("team", "a"), "described", published.getFirst().timestamp()));
        assertThat(published.get(1)).isInstanceOfSatisfying(DomainEvent.ModelVersionCreated.class, e -> {
            assertThat(e.tags()).isEqualTo(Map.of("k", "v"));
            assertThat(e.description()).isEqualTo("first");
        });
    }

    private RegistryService service(String gates, String hooks) {
        return new RegistryService(backend.registry(), backend.metadata(), backend.loggedModels(),
                backend.artifacts(), LocalBackend.ARTIFACT_ROOT_URI, published::add, PreHooks.parse(gates, hooks),
                InstantSource.system());
    }

    private Run run(double accuracy) {
        Run run = tracking.createRun("0", "u", "train", null, List.of(), null);
        tracking.logMetric(run.runId(), new MetricPoint("accuracy", accuracy, 1, 0));
        return run;
    }

    private static NewVersionRequest request(String name, Run run) {
        return new NewVersionRequest(name, "runs:/" + run.runId() + "/model", run.runId(), List.of(), null, null,
                null, "tester", "key-" + run.runId());
    }
}
