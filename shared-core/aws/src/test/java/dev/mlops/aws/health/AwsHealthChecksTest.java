package dev.mlops.aws.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.core.health.CheckResult;
import dev.mlops.core.health.HealthLevel;
import dev.mlops.core.health.LakeCheck;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.testsupport.AwsEmulator;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/** The AWS checks against the emulator: UP on fresh resources, DOWN on a missing table, bucket or bus, or no endpoint. */
@ExtendWith(AwsEmulatorExtension.class)
class AwsHealthChecksTest {

    private AwsSettings settings;
    private Backend backend;
    private AwsClients probes;

    @BeforeEach
    void open() {
        AwsEmulator aws = AwsEmulator.get();
        settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(), aws.secretKey(),
                aws.uniquePrefix("health"));
        backend = AwsBackend.open(settings, true);
        probes = AwsClients.forHealthChecks(settings);
    }

    @AfterEach
    void close() throws Exception {
        probes.close();
        backend.close();
    }

    private AwsStorageCheck storage(AwsClients clients) {
        return new AwsStorageCheck(clients.dynamo(), DynamoTables.of(settings), clients.s3(), settings.bucket());
    }

    @Test
    void storage_shouldBeUp_whenTablesAreActiveAndTheBucketAnswers() {
        CheckResult result = storage(probes).check();

        assertThat(result.level()).isEqualTo(HealthLevel.UP);
        assertThat(result.data()).containsEntry("table." + settings.tablePrefix() + "-metadata", "ACTIVE")
                .containsEntry("bucket." + settings.bucket(), "REACHABLE");
    }

    @Test
    void storage_shouldBeDownAndNameTheTable_whenATableIsMissing() {
        String registry = settings.tablePrefix() + "-registry";
        probes.dynamo().deleteTable(b -> b.tableName(registry));

        CheckResult result = storage(probes).check();

        assertThat(result.level()).isEqualTo(HealthLevel.DOWN);
        assertThat(result.message()).isEqualTo("table " + registry + " is MISSING");
        assertThat(result.data()).containsEntry("table." + settings.tablePrefix() + "-metrics", "ACTIVE");
    }

    @Test
    void storage_shouldBeDownWithinSeconds_whenTheEndpointDoesNotAnswer() throws IOException {
        AwsSettings nowhere = AwsSettings.forEmulator(URI.create("http://127.0.0.1:" + closedPort()),
                settings.region(), "test", "test", settings.tablePrefix());
        long started = System.nanoTime();
        CheckResult result;
        try (AwsClients dead = AwsClients.forHealthChecks(nowhere)) {
            result = storage(dead).check();
        }

        assertThat(result.level()).isEqualTo(HealthLevel.DOWN);
        assertThat(result.message()).contains("-metadata is UNREACHABLE").contains("is UNREACHABLE");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void lake_shouldSeeTheS3Root_andBeDownWhenItsBucketIsGone() {
        MetricBuffer buffer = (MetricBuffer) backend.metrics();
        LakeCheck lake = new LakeCheck(new S3LakeRoot(probes.s3(), "s3a://" + settings.bucket() + "/lake"), buffer,
                Duration.ofMinutes(15), Duration.ofHours(1), InstantSource.system());
        CheckResult empty = lake.check();
        probes.s3().putObject(b -> b.bucket(settings.bucket()).key("lake/experiment_id=1/run_id=r/part-a.parquet"),
                RequestBody.fromString("x"));
        CheckResult flushed = lake.check();
        CheckResult gone = new LakeCheck(new S3LakeRoot(probes.s3(), "s3a://" + settings.bucket() + "-gone/lake"),
                buffer, Duration.ofMinutes(15), Duration.ofHours(1), InstantSource.system()).check();

        assertThat(empty.level()).isEqualTo(HealthLevel.UP);
        assertThat(empty.data()).containsEntry("root_exists", false).containsEntry("pending_runs", 0L);
        assertThat(flushed.data()).containsEntry("root_exists", true);
        assertThat(gone.level()).isEqualTo(HealthLevel.DOWN);
        assertThat(gone.data()).containsEntry("root_readable", false);
    }

    @Test
    void events_shouldProbeTheBus_andBeDownWhenItIsMissing() {
        EventsCheck present = events(settings.eventBusName());
        EventsCheck missing = events(settings.eventBusName() + "-gone");

        assertThat(present.check().level()).isEqualTo(HealthLevel.UP);
        assertThat(present.check().data()).containsEntry("bus_state", "REACHABLE").containsEntry("circuit", "CLOSED");
        assertThat(missing.check().level()).isEqualTo(HealthLevel.DOWN);
        assertThat(missing.check().message()).endsWith("-gone is MISSING");
    }

    private EventsCheck events(String bus) {
        return new EventsCheck(bus, () -> new dev.mlops.aws.events.PublisherHealth(0, 0, 0, java.util.List.of()),
                () -> probes.events().describeEventBus(b -> b.name(bus)), Duration.ofMinutes(15), 1, 20,
                InstantSource.system());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
