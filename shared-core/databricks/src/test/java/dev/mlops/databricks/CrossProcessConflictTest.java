package dev.mlops.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.RegistryStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two backend instances on the same tables, as two Lambdas would be: their writers do not share a lane, so their
 * commits really race in Delta. Conflicts must be retried, never surfaced: version numbers come out gap-free and
 * unique, and concurrent promotions with archive leave exactly one Production version. (The contract suites run 64
 * registrations in one process, where the lane queues them.) Full run only: two processes' races cost minutes.
 */
@Tag("databricks-full")
class CrossProcessConflictTest {

    @Test
    void registrationsAndPromotionsFromTwoProcesses_shouldConflictInDelta_andStillComeOutExact() throws Exception {
        DatabricksBackend first = TestWarehouse.shared();
        try (DatabricksBackend second = TestWarehouse.open(TestWarehouse.sharedSettings(),
                TestWarehouse.fastPolicy())) {
            List<RegistryStore> stores = List.of(first.asBackend().registry(), second.asBackend().registry());
            String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
            stores.get(0).createModel(new RegisteredModel(name, 1, 1, null, Map.of(), Map.of()));
            long conflictsBefore = first.warehouse().conflictCount() + second.warehouse().conflictCount();

            List<Integer> numbers = concurrently(4, i -> stores.get(i % 2).createVersion(new NewModelVersion(name,
                    "s3://b/" + i, null, null, null, "t", Map.of(), null, VersionStatus.READY, null, 10, null, 0))
                    .version());
            concurrently(2, i -> stores.get(i % 2).transitionStage(name, i + 1, ModelStage.PRODUCTION, true, 20 + i)
                    .version());

            assertThat(numbers).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 4).boxed().toList());
            List<ModelVersion> versions = stores.get(1).versionsOf(name);
            assertThat(versions).filteredOn(v -> v.stage() == ModelStage.PRODUCTION).hasSize(1);
            assertThat(versions).filteredOn(v -> v.stage() == ModelStage.ARCHIVED).hasSize(1);
            assertThat(first.warehouse().conflictCount() + second.warehouse().conflictCount() - conflictsBefore)
                    .as("the two processes did collide in Delta, and the collisions were retried")
                    .isPositive();
        }
    }

    /** Runs {@code n} calls at once (one thread each) and returns their results in index order. */
    private static <T> List<T> concurrently(int n, IntFunction<T> body) {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<T>> calls = IntStream.range(0, n)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> body.apply(i), threads)).toList();
            return calls.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdownNow();
        }
    }
}
