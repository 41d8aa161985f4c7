package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.error.ErrorCode;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.LimitExceededException;
import dev.mlops.core.error.MlopsException;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.VersionQuery;
import dev.mlops.core.search.SearchFilterParser;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DynamoRegistryStore over the wire against moto: allocation, idempotency, cascades, aliases, stages, search and error
 * codes. Races between processes are in DynamoRegistryRaceTest.
 */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoRegistryStoreTest {

    private DynamoFixture fixture;
    private DynamoRegistryStore store;

    @BeforeEach
    void open() {
        fixture = DynamoFixture.create();
        store = fixture.registry;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void createModel_shouldRefuseSecondModel_whenNameIsTaken() {
        store.createModel(model("m"));

        assertThatThrownBy(() -> store.createModel(model("m")))
                .isInstanceOf(ResourceAlreadyExistsException.class)
                .hasMessage("Registered Model (name=m) already exists.");
        assertThat(store.getModel("m")).contains(model("m"));
        assertThat(store.getModel("other")).isEmpty();
    }

    @Test
    void createVersion_shouldNumberFromOne_andKeepWhatWasGiven() {
        store.createModel(model("m"));

        ModelVersion first = store.createVersion(newVersion("m", 10, null));
        ModelVersion second = store.createVersion(newVersion("m", 20, null));

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(store.getVersion("m", 2)).contains(second);
        assertThat(second.stage()).isEqualTo(ModelStage.NONE);
        assertThat(second.tags()).containsEntry("mlops.framework", "sklearn");
        assertThat(store.getModel("m").orElseThrow().lastUpdatedTimestamp()).isEqualTo(20);
        assertThatThrownBy(() -> store.createVersion(newVersion("missing", 1, null)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Registered Model with name=missing not found");
    }

    @Test
    void createVersion_shouldReturnTheFirstVersion_whenIdempotencyKeyRepeatsBeforeExpiry() {
        store.createModel(model("m"));

        ModelVersion first = store.createVersion(newVersion("m", 100, "s3-object-version-1"));
        ModelVersion retried = store.createVersion(newVersion("m", 900, "s3-object-version-1"));
        ModelVersion afterExpiry = store.createVersion(newVersion("m", 5_000, "s3-object-version-1"));
        ModelVersion otherKey = store.createVersion(newVersion("m", 100, "s3-object-version-2"));
        store.deleteVersion("m", 3);
        ModelVersion afterDelete = store.createVersion(newVersion("m", 200, "s3-object-version-2"));

        assertThat(first.version()).isEqualTo(1);
        assertThat(retried).isEqualTo(first);
        assertThat(afterExpiry.version()).isEqualTo(2);
        assertThat(otherKey.version()).isEqualTo(3);
        assertThat(afterDelete.version()).isEqualTo(4);
        assertThat(store.versionsOf("m")).extracting(ModelVersion::version).containsExactly(1, 2, 4);
    }

    @Test
    void transitionStage_shouldArchiveOnlyThatStage_whenArchiveExistingIsSet() {
        store.createModel(model("m"));
        IntStream.range(0, 4).forEach(i -> store.createVersion(newVersion("m", i, null)));
        store.transitionStage("m", 1, ModelStage.PRODUCTION, false, 50);
        store.transitionStage("m", 2, ModelStage.STAGING, false, 51);

        ModelVersion promoted = store.transitionStage("m", 3, ModelStage.PRODUCTION, true, 60);
        store.transitionStage("m", 4, ModelStage.PRODUCTION, false, 61);

        assertThat(promoted.stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(promoted.lastUpdatedTimestamp()).isEqualTo(60);
        assertThat(store.getVersion("m", 3)).contains(promoted);
        assertThat(stages("m")).containsExactly(ModelStage.ARCHIVED, ModelStage.STAGING, ModelStage.PRODUCTION,
                ModelStage.PRODUCTION);
        assertThatThrownBy(() -> store.transitionStage("m", 9, ModelStage.STAGING, true, 70))
                .isInstanceOf(ResourceNotFoundException.class).hasMessage("Model Version (name=m, version=9) not found");
    }

    @Test
    void setAlias_shouldPointAtExistingVersions_andDeleteVersionShouldDropItsAliases() {
        store.createModel(model("m"));
        store.createVersion(newVersion("m", 1, null));
        store.createVersion(newVersion("m", 2, null));

        store.setAlias("m", "champion", 1, 5);
        store.setAlias("m", "old", 1, 5);
        store.setAlias("m", "challenger", 2, 5);
        store.setAlias("m", "challenger", 1, 6);
        store.setAlias("m", "next", 2, 6);
        store.deleteAlias("m", "old", 7);
        store.deleteVersion("m", 1);

        assertThat(store.getModel("m").orElseThrow().aliases()).containsExactlyEntriesOf(Map.of("next", 2));
        assertThat(store.getVersion("m", 1)).isEmpty();
        assertThatThrownBy(() -> store.setAlias("m", "x", 1, 8)).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Model Version (name=m, version=1) not found");
        assertThatThrownBy(() -> store.setAlias("nope", "x", 1, 8)).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Registered Model with name=nope not found");
        assertThatThrownBy(() -> store.deleteVersion("m", 1)).isInstanceOf(ResourceNotFoundException.class);
        assertThat(store.createVersion(newVersion("m", 9, null)).version()).isEqualTo(3);
    }

    @Test
    void tagsAndDescription_shouldUpdateInPlace_whenModelAndVersionExist() {
        store.createModel(model("m"));
        store.createVersion(newVersion("m", 1, null));

        store.setModelTag("m", "team", "risk", 2);
        store.setModelTag("m", "gone", "x", 2);
        store.deleteModelTag("m", "gone", 3);
        RegisteredModel described = store.updateModelDescription("m", "fraud model", 4);
        store.setVersionTag("m", 1, "validated", "yes", 5);
        store.deleteVersionTag("m", 1, "mlops.framework", 5);
        ModelVersion current = store.getVersion("m", 1).orElseThrow();
        ModelVersion updated = store.updateVersion(new ModelVersion("m", 1, 0, 9, "ignored", ModelStage.ARCHIVED,
                "new text", "ignored", null, null, VersionStatus.FAILED_REGISTRATION, "boom", Map.of(), null));

        assertThat(described.description()).isEqualTo("fraud model");
        assertThat(described.lastUpdatedTimestamp()).isEqualTo(4);
        assertThat(store.getModel("m").orElseThrow().tags()).containsExactlyInAnyOrderEntriesOf(
                Map.of("k", "v", "team", "risk"));
        assertThat(current.tags()).containsExactlyEntriesOf(Map.of("validated", "yes"));
        assertThat(updated.description()).isEqualTo("new text");
        assertThat(updated.status()).isEqualTo(VersionStatus.FAILED_REGISTRATION);
        assertThat(updated.statusMessage()).isEqualTo("boom");
        assertThat(updated.stage()).isEqualTo(ModelStage.NONE);
        assertThat(updated.source()).isEqualTo(current.source());
        assertThatThrownBy(() -> store.setModelTag("nope", "a", "b", 1)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> store.setVersionTag("m", 7, "a", "b", 1))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> store.updateVersion(new ModelVersion("m", 7, 0, 0, null, ModelStage.NONE, "", "",
                null, null, VersionStatus.READY, null, Map.of(), null))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void renameModel_shouldMoveVersionsAliasesAndCounter_whenNewNameIsFree() {
        store.createModel(model("old"));
        store.createVersion(newVersion("old", 1, "key-1"));
        store.createVersion(newVersion("old", 2, null));
        store.setAlias("old", "champion", 2, 3);
        store.transitionStage("old", 2, ModelStage.PRODUCTION, false, 4);
        store.createModel(model("taken"));

        RegisteredModel renamed = store.renameModel("old", "new", 50);

        assertThat(renamed.name()).isEqualTo("new");
        assertThat(store.getModel("old")).isEmpty();
        assertThat(store.getModel("new").orElseThrow().aliases()).containsExactlyEntriesOf(Map.of("champion", 2));
        assertThat(store.versionsOf("new")).extracting(ModelVersion::name, ModelVersion::version,
                ModelVersion::lastUpdatedTimestamp).containsExactly(
                org.assertj.core.groups.Tuple.tuple("new", 1, 50L), org.assertj.core.groups.Tuple.tuple("new", 2, 50L));
        assertThat(store.createVersion(newVersion("new", 60, null)).version()).isEqualTo(3);
        ModelVersion promoted = store.transitionStage("new", 3, ModelStage.PRODUCTION, true, 61);
        assertThat(promoted.stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(store.getVersion("new", 2).orElseThrow().stage()).isEqualTo(ModelStage.ARCHIVED);
        assertThatThrownBy(() -> store.renameModel("new", "taken", 70))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> store.renameModel("old", "x", 70)).isInstanceOf(ResourceNotFoundException.class);
        assertThat(store.searchVersions(query("name = 'old'", List.of(), 10, null)).items()).isEmpty();
    }

    @Test
    void renameModel_shouldRefuseWithLimitExceeded_whenVersionsDoNotFitOneTransaction() {
        store.createModel(model("big"));
        IntStream.range(0, 50).forEach(i -> store.createVersion(newVersion("big", i, null)));

        assertThatThrownBy(() -> store.renameModel("big", "bigger", 1))
                .isInstanceOf(LimitExceededException.class)
                .satisfies(e -> assertThat(((MlopsException) e).code())
                        .isEqualTo(ErrorCode.RESOURCE_LIMIT_EXCEEDED));
        assertThat(store.versionsOf("big")).hasSize(50);
        assertThat(store.getModel("bigger")).isEmpty();
    }

    @Test
    void deleteModel_shouldDropEverything_evenBeyondOneTransaction() {
        store.createModel(model("small"));
        store.createVersion(newVersion("small", 1, "k"));
        store.createModel(model("large"));
        IntStream.range(0, 120).forEach(i -> store.createVersion(newVersion("large", i, null)));

        store.deleteModel("small");
        store.deleteModel("large");

        assertThat(store.getModel("small")).isEmpty();
        assertThat(store.getModel("large")).isEmpty();
        assertThatThrownBy(() -> store.versionsOf("large")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> store.deleteModel("large")).isInstanceOf(ResourceNotFoundException.class);
        store.createModel(model("small"));
        assertThat(store.versionsOf("small")).isEmpty();
        assertThat(store.createVersion(newVersion("small", 1, "k")).version()).isEqualTo(1);
    }

    @Test
    void searchVersions_shouldFilterOnTagsAcrossModels_andPageInOrder() {
        for (String name : List.of("a", "b", "c")) {
            store.createModel(model(name));
            for (int i = 0; i < 5; i++) {
                store.createVersion(new NewModelVersion(name, "s3://b/" + name + "/" + i, "run-" + i, null, "",
                        "u", Map.of("flavor", i % 2 == 0 ? "even" : "odd"), null, VersionStatus.READY, null, 100 + i,
                        null, 0));
            }
        }

        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Page<ModelVersion> page = store.searchVersions(query("tags.flavor = 'even'", List.of("name DESC"), 4,
                    token));
            page.items().forEach(v -> seen.add(v.name() + "/" + v.version()));
            token = page.nextPageToken();
        } while (token != null);
        Page<ModelVersion> byName = store.searchVersions(query("name IN ('a', 'c') AND version_number >= 4",
                List.of(), 10, null));
        Page<ModelVersion> bySource = store.searchVersions(query("source_path LIKE 's3://b/b/%'",
                List.of("version_number ASC"), 2, null));

        assertThat(seen).containsExactly("c/5", "c/3", "c/1", "b/5", "b/3", "b/1", "a/5", "a/3", "a/1");
        assertThat(byName.items()).extracting(v -> v.name() + "/" + v.version())
                .containsExactly("a/5", "c/5", "a/4", "c/4");
        assertThat(bySource.items()).extracting(ModelVersion::version).containsExactly(1, 2);
        assertThat(bySource.nextPageToken()).isNotNull();
        assertThatThrownBy(() -> store.searchVersions(query("", List.of("tags.x ASC"), 10, null)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void searchModels_shouldFilterOnNameAndTags_andPage() {
        for (int i = 0; i < 7; i++) {
            store.createModel(new RegisteredModel("model-" + i, i, 100 - i, null,
                    i < 3 ? Map.of("team", "risk") : Map.of(), Map.of()));
        }

        Page<RegisteredModel> first = store.searchModels(new ModelQuery(SearchFilterParser.parseModelFilter(""),
                List.of(), 5, null));
        Page<RegisteredModel> second = store.searchModels(new ModelQuery(SearchFilterParser.parseModelFilter(""),
                List.of(), 5, first.nextPageToken()));
        Page<RegisteredModel> risk = store.searchModels(new ModelQuery(SearchFilterParser.parseModelFilter(
                "tags.team = 'risk' AND name LIKE 'model-%'"), List.of("last_updated_timestamp ASC"), 10, null));
        Page<RegisteredModel> exact = store.searchModels(new ModelQuery(SearchFilterParser.parseModelFilter(
                "name = 'model-4'"), List.of(), 10, null));

        assertThat(first.items()).extracting(RegisteredModel::name)
                .containsExactly("model-0", "model-1", "model-2", "model-3", "model-4");
        assertThat(second.items()).extracting(RegisteredModel::name).containsExactly("model-5", "model-6");
        assertThat(second.nextPageToken()).isNull();
        assertThat(risk.items()).extracting(RegisteredModel::name).containsExactly("model-2", "model-1", "model-0");
        assertThat(exact.items()).extracting(RegisteredModel::name).containsExactly("model-4");
    }

    // ---- helpers

    private List<ModelStage> stages(String name) {
        return store.versionsOf(name).stream().map(ModelVersion::stage).toList();
    }

    private static RegisteredModel model(String name) {
        return new RegisteredModel(name, 1, 1, "desc", Map.of("k", "v"), Map.of());
    }

    private static NewModelVersion newVersion(String name, long timestamp, String idempotencyKey) {
        return new NewModelVersion(name, "s3://bucket/" + name, "run-1", null, "d", "user",
                Map.of("mlops.framework", "sklearn"), null, VersionStatus.READY, null, timestamp, idempotencyKey,
                timestamp + 1000);
    }

    private static VersionQuery query(String filter, List<String> orderBy, int max, String token) {
        return new VersionQuery(SearchFilterParser.parseModelVersionFilter(filter), orderBy, max, token);
    }
}
