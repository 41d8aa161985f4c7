package dev.mlops.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.port.VersionQuery;
import dev.mlops.core.search.SearchFilterParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RegistryStore} must do. Store-agnostic: each test uses model names of its own (a random
 * prefix) and never assumes the store is empty, so one store may serve all tests.
 */
public abstract class RegistryStoreContract {

    protected abstract RegistryStore store();

    private final String prefix = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "-";

    // ---- models

    @Test
    void createModel_shouldBeReadable_andRefuseSameNameTwice() {
        RegisteredModel model = model("a", Map.of("team", "x"));

        store().createModel(model);

        assertThat(store().getModel(model.name())).contains(model);
        assertThatThrownBy(() -> store().createModel(model("a", Map.of())))
                .isInstanceOf(ResourceAlreadyExistsException.class)
                .hasMessageContaining(name("a"));
    }

    @Test
    void getModel_shouldBeEmpty_whenUnknown() {
        assertThat(store().getModel(name("nope"))).isEmpty();
    }

    @Test
    void writesOnUnknownModel_shouldThrowNotFound() {
        String missing = name("missing");

        List<Runnable> calls = List.of(
                () -> store().renameModel(missing, name("other"), 1),
                () -> store().updateModelDescription(missing, "d", 1),
                () -> store().deleteModel(missing),
                () -> store().setModelTag(missing, "k", "v", 1),
                () -> store().deleteModelTag(missing, "k", 1),
                () -> store().setAlias(missing, "a", 1, 1),
                () -> store().deleteAlias(missing, "a", 1),
                () -> store().createVersion(newVersion(missing, "s3://b/k", null)),
                () -> store().versionsOf(missing));

        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void renameModel_shouldMoveVersionsTagsAndAliases() {
        store().createModel(model("old", Map.of("k", "v")));
        store().createVersion(newVersion(name("old"), "s3://b/1", null));
        store().createVersion(newVersion(name("old"), "s3://b/2", null));
        store().setAlias(name("old"), "champion", 2, 50);

        RegisteredModel renamed = store().renameModel(name("old"), name("new"), 60);

        assertThat(renamed.name()).isEqualTo(name("new"));
        assertThat(renamed.lastUpdatedTimestamp()).isEqualTo(60);
        assertThat(store().getModel(name("old"))).isEmpty();
        RegisteredModel stored = store().getModel(name("new")).orElseThrow();
        assertThat(stored.tags()).containsEntry("k", "v");
        assertThat(stored.aliases()).containsEntry("champion", 2);
        assertThat(store().versionsOf(name("new"))).extracting(ModelVersion::name, ModelVersion::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(name("new"), 1),
                        org.assertj.core.groups.Tuple.tuple(name("new"), 2));
        assertThat(store().getVersion(name("old"), 1)).isEmpty();
        assertThat(store().createVersion(newVersion(name("new"), "s3://b/3", null)).version()).isEqualTo(3);
    }

    @Test
    void renameModel_shouldRefuse_whenNewNameTaken() {
        store().createModel(model("x", Map.of()));
        store().createModel(model("y", Map.of()));

        assertThatThrownBy(() -> store().renameModel(name("x"), name("y"), 5))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThat(store().getModel(name("x"))).isPresent();
    }

    @Test
    void updateModelDescription_shouldReplaceDescriptionAndTouchTimestamp() {
        store().createModel(model("d", Map.of()));

        RegisteredModel updated = store().updateModelDescription(name("d"), "new text", 99);

        assertThat(updated.description()).isEqualTo("new text");
        assertThat(store().getModel(name("d")).orElseThrow().lastUpdatedTimestamp()).isEqualTo(99);
    }

    @Test
    void deleteModel_shouldCascadeToVersionsAndAliases() {
        store().createModel(model("gone", Map.of()));
        store().createVersion(newVersion(name("gone"), "s3://b/1", null));
        store().setAlias(name("gone"), "a", 1, 2);

        store().deleteModel(name("gone"));

        assertThat(store().getModel(name("gone"))).isEmpty();
        assertThat(store().getVersion(name("gone"), 1)).isEmpty();
        Page<ModelVersion> versions = store().searchVersions(versionQuery("name = '" + name("gone") + "'"));
        assertThat(versions.items()).isEmpty();
        store().createModel(model("gone", Map.of()));
        assertThat(store().getModel(name("gone")).orElseThrow().aliases()).isEmpty();
        assertThat(store().createVersion(newVersion(name("gone"), "s3://b/1", null)).version()).isEqualTo(1);
    }

    @Test
    void modelTags_shouldSetOverwriteAndDelete() {
        store().createModel(model("t", Map.of()));

        store().setModelTag(name("t"), "k", "1", 10);
        store().setModelTag(name("t"), "k", "2", 11);
        store().setModelTag(name("t"), "other", "x", 12);
        store().deleteModelTag(name("t"), "other", 13);
        store().deleteModelTag(name("t"), "never-set", 14);

        RegisteredModel stored = store().getModel(name("t")).orElseThrow();
        assertThat(stored.tags()).isEqualTo(Map.of("k", "2"));
    }

    @Test
    void aliases_shouldPointReplaceAndDelete() {
        store().createModel(model("al", Map.of()));
        store().createVersion(newVersion(name("al"), "s3://b/1", null));
        store().createVersion(newVersion(name("al"), "s3://b/2", null));

        store().setAlias(name("al"), "champion", 1, 10);
        store().setAlias(name("al"), "champion", 2, 11);
        store().setAlias(name("al"), "old", 1, 12);
        store().deleteAlias(name("al"), "old", 13);

        assertThat(store().getModel(name("al")).orElseThrow().aliases()).isEqualTo(Map.of("champion", 2));
    }

    @Test
    void setAlias_shouldThrowNotFound_whenVersionMissing() {
        store().createModel(model("al2", Map.of()));

        assertThatThrownBy(() -> store().setAlias(name("al2"), "a", 7, 1))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(store().getModel(name("al2")).orElseThrow().aliases()).isEmpty();
    }

    // ---- versions

    @Test
    void createVersion_shouldNumberFromOne_andKeepFields() {
        store().createModel(model("v", Map.of()));
        NewModelVersion request = new NewModelVersion(name("v"), "runs:/r1/model", "r1", "http://link", "desc",
                "alice", Map.of("k", "v"), "m-123", VersionStatus.PENDING_REGISTRATION, null, 500, null, 0);

        ModelVersion first = store().createVersion(request);
        ModelVersion second = store().createVersion(newVersion(name("v"), "s3://b/2", null));

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(first.stage()).isEqualTo(ModelStage.NONE);
        assertThat(first).extracting(ModelVersion::source, ModelVersion::runId, ModelVersion::runLink,
                        ModelVersion::description, ModelVersion::userId, ModelVersion::modelId,
                        ModelVersion::status, ModelVersion::creationTimestamp)
                .containsExactly("runs:/r1/model", "r1", "http://link", "desc", "alice", "m-123",
                        VersionStatus.PENDING_REGISTRATION, 500L);
        assertThat(first.tags()).isEqualTo(Map.of("k", "v"));
        assertThat(store().getVersion(name("v"), 1)).contains(first);
        assertThat(store().getVersion(name("v"), 3)).isEmpty();
    }

    @Test
    void createVersion_shouldReturnFirstVersion_whenIdempotencyKeyRepeatsInTime() {
        store().createModel(model("idem", Map.of()));
        NewModelVersion request = withKey(newVersion(name("idem"), "s3://b/1", null), "key-1", 100, 1_000);

        ModelVersion first = store().createVersion(request);
        ModelVersion retry = store().createVersion(withKey(newVersion(name("idem"), "s3://b/1", null), "key-1",
                900, 10_000));
        ModelVersion otherKey = store().createVersion(withKey(newVersion(name("idem"), "s3://b/1", null),
                "key-2", 901, 10_000));
        ModelVersion expired = store().createVersion(withKey(newVersion(name("idem"), "s3://b/1", null), "key-1",
                1_000, 10_000));

        assertThat(retry).isEqualTo(first);
        assertThat(otherKey.version()).isEqualTo(2);
        assertThat(expired.version()).isEqualTo(3);
        assertThat(store().versionsOf(name("idem"))).hasSize(3);
    }

    @Test
    void updateVersion_shouldReplaceOnlyDescriptionAndStatus() {
        store().createModel(model("up", Map.of()));
        ModelVersion v = store().createVersion(newVersion(name("up"), "s3://b/1", "r"));

        store().updateVersion(new ModelVersion(v.name(), v.version(), 0, 77, "mallory", ModelStage.PRODUCTION,
                "new desc", "s3://evil", "other", null, VersionStatus.FAILED_REGISTRATION, "broken", Map.of(),
                null));

        ModelVersion stored = store().getVersion(name("up"), 1).orElseThrow();
        assertThat(stored.description()).isEqualTo("new desc");
        assertThat(stored.status()).isEqualTo(VersionStatus.FAILED_REGISTRATION);
        assertThat(stored.statusMessage()).isEqualTo("broken");
        assertThat(stored.lastUpdatedTimestamp()).isEqualTo(77);
        assertThat(stored).extracting(ModelVersion::source, ModelVersion::runId, ModelVersion::stage,
                        ModelVersion::userId, ModelVersion::creationTimestamp)
                .containsExactly("s3://b/1", "r", ModelStage.NONE, v.userId(), v.creationTimestamp());
    }

    @Test
    void versionWrites_shouldThrowNotFound_whenVersionMissing() {
        store().createModel(model("nv", Map.of()));
        ModelVersion ghost = new ModelVersion(name("nv"), 4, 0, 0, null, ModelStage.NONE, null, "s", null, null,
                VersionStatus.READY, null, Map.of(), null);

        List<Runnable> calls = List.of(
                () -> store().updateVersion(ghost),
                () -> store().deleteVersion(name("nv"), 4),
                () -> store().transitionStage(name("nv"), 4, ModelStage.STAGING, false, 1),
                () -> store().setVersionTag(name("nv"), 4, "k", "v", 1),
                () -> store().deleteVersionTag(name("nv"), 4, "k", 1));

        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void deleteVersion_shouldRemoveItsAliases_andNeverReuseTheNumber() {
        store().createModel(model("del", Map.of()));
        store().createVersion(newVersion(name("del"), "s3://b/1", null));
        store().createVersion(newVersion(name("del"), "s3://b/2", null));
        store().setAlias(name("del"), "keep", 1, 5);
        store().setAlias(name("del"), "drop", 2, 5);

        store().deleteVersion(name("del"), 2);

        assertThat(store().getVersion(name("del"), 2)).isEmpty();
        assertThat(store().getModel(name("del")).orElseThrow().aliases()).isEqualTo(Map.of("keep", 1));
        assertThat(store().createVersion(newVersion(name("del"), "s3://b/3", null)).version()).isEqualTo(3);
    }

    @Test
    void transitionStage_shouldArchiveOthersInTargetStage_onlyWhenAsked() {
        store().createModel(model("st", Map.of()));
        for (int i = 0; i < 3; i++) {
            store().createVersion(newVersion(name("st"), "s3://b/" + i, null));
        }
        store().transitionStage(name("st"), 1, ModelStage.PRODUCTION, false, 10);
        store().transitionStage(name("st"), 2, ModelStage.PRODUCTION, false, 11);

        ModelVersion moved = store().transitionStage(name("st"), 3, ModelStage.PRODUCTION, true, 12);

        assertThat(moved.stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(moved.lastUpdatedTimestamp()).isEqualTo(12);
        assertThat(store().versionsOf(name("st"))).extracting(ModelVersion::stage)
                .containsExactly(ModelStage.ARCHIVED, ModelStage.ARCHIVED, ModelStage.PRODUCTION);
    }

    @Test
    void transitionStage_shouldLeaveOtherStagesAlone() {
        store().createModel(model("st2", Map.of()));
        store().createVersion(newVersion(name("st2"), "s3://b/1", null));
        store().createVersion(newVersion(name("st2"), "s3://b/2", null));
        store().transitionStage(name("st2"), 1, ModelStage.STAGING, false, 10);

        store().transitionStage(name("st2"), 2, ModelStage.PRODUCTION, true, 11);

        assertThat(store().versionsOf(name("st2"))).extracting(ModelVersion::stage)
                .containsExactly(ModelStage.STAGING, ModelStage.PRODUCTION);
    }

    @Test
    void versionTags_shouldSetOverwriteAndDelete() {
        store().createModel(model("vt", Map.of()));
        store().createVersion(newVersion(name("vt"), "s3://b/1", null));

        store().setVersionTag(name("vt"), 1, "k", "1", 10);
        store().setVersionTag(name("vt"), 1, "k", "2", 11);
        store().setVersionTag(name("vt"), 1, "x", "y", 12);
        store().deleteVersionTag(name("vt"), 1, "x", 13);
        store().deleteVersionTag(name("vt"), 1, "never", 14);

        assertThat(store().getVersion(name("vt"), 1).orElseThrow().tags()).isEqualTo(Map.of("k", "2"));
    }

    // ---- search

    @Test
    void searchModels_shouldFilterByNameLikeAndTags_andOrderAndPage() {
        store().createModel(model("s-b", Map.of("team", "red")));
        store().createModel(model("s-a", Map.of("team", "blue")));
        store().createModel(model("s-c", Map.of("team", "red")));
        store().createModel(model("t-z", Map.of("team", "red")));

        List<String> like = names(store().searchModels(modelQuery("name LIKE '" + name("s-%") + "'", List.of(),
                100, null)));
        List<String> red = names(store().searchModels(modelQuery("name LIKE '" + prefix + "%' AND tags.team = 'red'",
                List.of("name DESC"), 100, null)));
        List<String> exact = names(store().searchModels(modelQuery("name = '" + name("s-a") + "'", List.of(), 100,
                null)));
        List<String> in = names(store().searchModels(modelQuery("name IN ('" + name("s-a") + "', '" + name("t-z")
                + "')", List.of(), 100, null)));

        assertThat(like).containsExactly(name("s-a"), name("s-b"), name("s-c"));
        assertThat(red).containsExactly(name("t-z"), name("s-c"), name("s-b"));
        assertThat(exact).containsExactly(name("s-a"));
        assertThat(in).containsExactly(name("s-a"), name("t-z"));
    }

    @Test
    void searchModels_shouldTreatTagNotEqualAsMatchingMissingTags_asMlflowClientsExpect() {
        store().createModel(model("prompt", Map.of("mlflow.prompt.is_prompt", "true")));
        store().createModel(model("plain", Map.of()));

        List<String> found = names(store().searchModels(modelQuery("name LIKE '" + prefix + "%' AND "
                + "tag.`mlflow.prompt.is_prompt` != 'true'", List.of(), 100, null)));

        assertThat(found).containsExactly(name("plain"));
    }

    @Test
    void searchModels_shouldPageWithTokens() {
        for (String n : List.of("p1", "p2", "p3", "p4", "p5")) {
            store().createModel(model(n, Map.of()));
        }
        String filter = "name LIKE '" + prefix + "p%'";

        Page<RegisteredModel> first = store().searchModels(modelQuery(filter, List.of(), 2, null));
        Page<RegisteredModel> second = store().searchModels(modelQuery(filter, List.of(), 2, first.nextPageToken()));
        Page<RegisteredModel> third = store().searchModels(modelQuery(filter, List.of(), 2, second.nextPageToken()));

        assertThat(names(first)).containsExactly(name("p1"), name("p2"));
        assertThat(names(second)).containsExactly(name("p3"), name("p4"));
        assertThat(names(third)).containsExactly(name("p5"));
        assertThat(third.nextPageToken()).isNull();
    }

    @Test
    void searchModels_shouldRejectUnknownOrderKey() {
        assertThatThrownBy(() -> store().searchModels(modelQuery("", List.of("color ASC"), 10, null)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void searchVersions_shouldFilterByNameRunVersionTagsAndLists() {
        store().createModel(model("sv", Map.of()));
        store().createModel(model("sw", Map.of()));
        store().createVersion(newVersion(name("sv"), "s3://b/1", "run-a"));
        store().createVersion(newVersion(name("sv"), "s3://b/2", "run-b"));
        store().createVersion(newVersion(name("sv"), "s3://b/3", "run-a"));
        store().createVersion(newVersion(name("sw"), "s3://c/1", "run-a"));
        store().setVersionTag(name("sv"), 2, "mlops.framework", "sklearn", 5);

        List<String> byName = keys(store().searchVersions(versionQuery("name = '" + name("sv") + "'")));
        List<String> byRun = keys(store().searchVersions(versionQuery(
                "name LIKE '" + prefix + "%' AND run_id = 'run-a'")));
        List<String> byNumber = keys(store().searchVersions(versionQuery(
                "name = '" + name("sv") + "' AND version_number >= 2")));
        List<String> byTag = keys(store().searchVersions(versionQuery(
                "name LIKE '" + prefix + "%' AND tags.`mlops.framework` = 'sklearn'")));
        List<String> runIn = keys(store().searchVersions(versionQuery(
                "name IN ('" + name("sv") + "', '" + name("sw") + "') AND run_id IN ('run-b', 'zzz')")));
        List<String> bySource = keys(store().searchVersions(versionQuery(
                "name LIKE '" + prefix + "%' AND source_path LIKE 's3://c/%'")));

        assertThat(byName).containsExactly(key("sv", 3), key("sv", 2), key("sv", 1));
        assertThat(byRun).containsExactly(key("sv", 3), key("sv", 1), key("sw", 1));
        assertThat(byNumber).containsExactly(key("sv", 3), key("sv", 2));
        assertThat(byTag).containsExactly(key("sv", 2));
        assertThat(runIn).containsExactly(key("sv", 2));
        assertThat(bySource).containsExactly(key("sw", 1));
    }

    @Test
    void searchVersions_shouldOrderAndPage() {
        store().createModel(model("so", Map.of()));
        for (int i = 0; i < 5; i++) {
            store().createVersion(newVersion(name("so"), "s3://b/" + i, null));
        }
        String filter = "name = '" + name("so") + "'";

        Page<ModelVersion> first = store().searchVersions(new VersionQuery(
                SearchFilterParser.parseModelVersionFilter(filter), List.of("version_number ASC"), 3, null));
        Page<ModelVersion> second = store().searchVersions(new VersionQuery(
                SearchFilterParser.parseModelVersionFilter(filter), List.of("version_number ASC"), 3,
                first.nextPageToken()));

        assertThat(first.items()).extracting(ModelVersion::version).containsExactly(1, 2, 3);
        assertThat(second.items()).extracting(ModelVersion::version).containsExactly(4, 5);
        assertThat(second.nextPageToken()).isNull();
    }

    // ---- concurrency

    @Test
    void createVersion_shouldAllocateExactlyOneToN_underConcurrency() throws Exception {
        store().createModel(model("conc", Map.of()));
        int threads = 64;

        List<Integer> numbers = runConcurrently(threads,
                i -> store().createVersion(newVersion(name("conc"), "s3://b/" + i, null)).version());

        assertThat(numbers).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.rangeClosed(1, threads).boxed().toList());
        assertThat(store().versionsOf(name("conc"))).hasSize(threads);
    }

    @Test
    void transitionStage_shouldLeaveExactlyOneProduction_underConcurrentArchiving() throws Exception {
        store().createModel(model("race", Map.of()));
        int versions = 16;
        for (int i = 0; i < versions; i++) {
            store().createVersion(newVersion(name("race"), "s3://b/" + i, null));
        }

        runConcurrently(versions, i -> store().transitionStage(name("race"), i + 1, ModelStage.PRODUCTION, true,
                1000 + i).version());

        List<ModelVersion> all = store().versionsOf(name("race"));
        assertThat(all).filteredOn(v -> v.stage() == ModelStage.PRODUCTION).hasSize(1);
        assertThat(all).filteredOn(v -> v.stage() == ModelStage.ARCHIVED).hasSize(versions - 1);
    }

    // ---- helpers

    protected String name(String suffix) {
        return prefix + suffix;
    }

    private RegisteredModel model(String suffix, Map<String, String> tags) {
        return new RegisteredModel(name(suffix), 100, 100, "about " + suffix, tags, Map.of());
    }

    private static NewModelVersion newVersion(String model, String source, String runId) {
        return new NewModelVersion(model, source, runId, null, null, "tester", Map.of(), null, VersionStatus.READY,
                null, 200, null, 0);
    }

    private static NewModelVersion withKey(NewModelVersion v, String key, long timestamp, long until) {
        return new NewModelVersion(v.name(), v.source(), v.runId(), v.runLink(), v.description(), v.userId(),
                v.tags(), v.modelId(), v.status(), v.statusMessage(), timestamp, key, until);
    }

    private static ModelQuery modelQuery(String filter, List<String> orderBy, int max, String token) {
        return new ModelQuery(SearchFilterParser.parseModelFilter(filter), orderBy, max, token);
    }

    private static VersionQuery versionQuery(String filter) {
        return new VersionQuery(SearchFilterParser.parseModelVersionFilter(filter), List.of(), 1000, null);
    }

    private static List<String> names(Page<RegisteredModel> page) {
        return page.items().stream().map(RegisteredModel::name).toList();
    }

    private String key(String suffix, int version) {
        return name(suffix) + "/" + version;
    }

    private static List<String> keys(Page<ModelVersion> page) {
        return page.items().stream().map(v -> v.name() + "/" + v.version()).toList();
    }

    private interface IndexedCall<T> {
        T call(int index) throws Exception;
    }

    private static <T> List<T> runConcurrently(int threads, IndexedCall<T> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> task = () -> {
                    start.await();
                    return body.call(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
