package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.AwsSettings;
import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Races decided by the registry's transactions: writers on {@value #CLIENTS} independent clients and stores, as
 * separate Lambda instances would be, against a moto that serves one request at a time ({@link SerialMoto}: moto's
 * threaded server does not isolate transactions, DynamoDB does).
 */
@ExtendWith(AwsEmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoRegistryRaceTest {

    private static final int CLIENTS = 8;
    private SerialMoto moto;
    private final List<SerialMoto.Store> stores = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        moto = SerialMoto.start();
    }

    @BeforeEach
    void open() {
        stores.forEach(s -> s.clients().close());
        stores.clear();
        AwsSettings settings = moto.settings();
        for (int i = 0; i < CLIENTS; i++) {
            stores.add(SerialMoto.store(settings));
        }
    }

    @AfterAll
    void stop() {
        stores.forEach(s -> s.clients().close());
        moto.close();
    }

    @Test
    void createVersion_shouldYieldExactlyOneToSixtyFour_when64WritersRace() throws Exception {
        store(0).createModel(model("hot"));

        List<Integer> numbers = race(64, i -> store(i).createVersion(newVersion("hot", i, null)).version());

        List<Integer> expected = IntStream.rangeClosed(1, 64).boxed().toList();
        assertThat(numbers).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(store(0).versionsOf("hot")).extracting(ModelVersion::version).containsExactlyElementsOf(expected);
        assertThat(store(0).createVersion(newVersion("hot", 99, null)).version()).isEqualTo(65);
    }

    @Test
    void createVersion_shouldRegisterOnce_whenRetriesWithOneIdempotencyKeyRace() throws Exception {
        store(0).createModel(model("m"));

        List<Integer> numbers = race(16, i -> store(i).createVersion(newVersion("m", 100, "object-v1")).version());

        assertThat(numbers).containsOnly(1);
        assertThat(store(0).versionsOf("m")).hasSize(1);
    }

    @Test
    void transitionStage_shouldLeaveExactlyOneInProduction_whenPromotionsRace() throws Exception {
        store(0).createModel(model("m"));
        for (int i = 0; i < 12; i++) {
            store(0).createVersion(newVersion("m", i, null));
        }

        race(12, i -> store(i).transitionStage("m", i + 1, ModelStage.PRODUCTION, true, 100 + i));

        List<ModelVersion> versions = store(0).versionsOf("m");
        assertThat(versions).filteredOn(v -> v.stage() == ModelStage.PRODUCTION).hasSize(1);
        assertThat(versions).filteredOn(v -> v.stage() == ModelStage.ARCHIVED).hasSize(11);
    }

    @Test
    void setAlias_shouldNeverPointAtADeletedVersion_whenDeleteRacesAliasing() throws Exception {
        store(0).createModel(model("m"));
        for (int i = 0; i < 8; i++) {
            store(0).createVersion(newVersion("m", i, null));
        }

        race(16, i -> {
            int version = i % 8 + 1;
            if (i < 8) {
                store(i).deleteVersion("m", version);
            } else {
                try {
                    store(i).setAlias("m", "a" + i, version, 1);
                } catch (dev.mlops.core.error.ResourceNotFoundException deletedFirst) {
                    // lost the race to the delete: nothing may be left pointing at the version
                }
            }
            return true;
        });

        assertThat(store(0).versionsOf("m")).isEmpty();
        assertThat(store(0).getModel("m").orElseThrow().aliases()).isEmpty();
    }

    private DynamoRegistryStore store(int writer) {
        return stores.get(writer % CLIENTS).registry();
    }

    private static RegisteredModel model(String name) {
        return new RegisteredModel(name, 1, 1, "", Map.of(), Map.of());
    }

    private static NewModelVersion newVersion(String name, long timestamp, String idempotencyKey) {
        return new NewModelVersion(name, "s3://bucket/" + name, null, null, "", "user", Map.of(), null,
                VersionStatus.READY, null, timestamp, idempotencyKey, timestamp + 1000);
    }

    private interface Attempt<T> {
        T run(int writer) throws Exception;
    }

    private static <T> List<T> race(int writers, Attempt<T> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int writer = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return attempt.run(writer);
                }));
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
