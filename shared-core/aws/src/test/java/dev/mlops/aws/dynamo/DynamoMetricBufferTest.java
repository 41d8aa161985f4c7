package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.contract.MetricBufferContract;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.metric.LakeManifest.LakeFile;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The shared MetricBuffer contract over the wire against the emulator, plus the DynamoDB item shapes it relies on. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoMetricBufferTest extends MetricBufferContract {

    private DynamoFixture fixture;
    private final String run = UUID.randomUUID().toString().replace("-", "");

    @BeforeEach
    void open() {
        fixture = DynamoFixture.create();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Override
    protected MetricBuffer buffer() {
        return fixture.metrics;
    }

    @Test
    void release_shouldLeaveATombstoneThatExpires_andSubtractItsPointsFromTheCounter() {
        buffer().append("7", run, List.of(p(1, 0), p(2, 1)));
        long beforeRelease = buffer().append("7", run, List.of(p(3, 2)));
        BufferSnapshot snapshot = buffer().snapshot(run);
        String flushed = snapshot.batches().stream().filter(b -> b.count() == 2).findFirst().orElseThrow().digest();
        long now = Instant.now().getEpochSecond();

        buffer().release(run, Set.of(flushed));
        buffer().release(run, Set.of(flushed, "0123456789abcdef0123456789abcdef"));

        Map<String, AttributeValue> tombstone = item(flushed);
        assertThat(beforeRelease).isEqualTo(3);
        assertThat(tombstone).doesNotContainKeys(DynamoMetricStore.POINTS, DynamoTables.METRIC_PENDING)
                .containsKey(DynamoMetricStore.RELEASED_AT);
        assertThat(Long.parseLong(tombstone.get(DynamoTables.METRIC_EXPIRES).n()))
                .isBetween(now + DynamoMetricStore.TOMBSTONE_TTL.toSeconds() - 60,
                        now + DynamoMetricStore.TOMBSTONE_TTL.toSeconds() + 60);
        assertThat(item("0123456789abcdef0123456789abcdef")).isEmpty();
        assertThat(buffer().append("7", run, List.of(p(1, 0), p(2, 1)))).isEqualTo(1);
    }

    @Test
    void manifest_shouldRoundTripItsFiles_andSortAfterEveryBatch() {
        buffer().append("7", run, List.of(p(1, 0)));
        LakeManifest first = buffer().manifest(run).next(
                List.of(new LakeFile("part-1.parquet", 1, buffer().snapshot(run).batchIds())), Set.of());
        assertThat(buffer().commit(LakeManifest.empty(run), first)).isTrue();
        LakeManifest second = first.next(List.of(new LakeFile("part-2.parquet", 5, Set.of())), first.coveredBatches());

        assertThat(buffer().commit(first, second)).isTrue();
        assertThat(buffer().commit(first, second)).isFalse();
        assertThat(buffer().commit(LakeManifest.empty(run), second)).isFalse();

        assertThat(buffer().manifest(run)).isEqualTo(second);
        assertThat(buffer().snapshot(run).manifest()).isEqualTo(second);
        assertThat(DynamoMetricStore.MANIFEST_SK).isGreaterThan("ffffffffffffffffffffffffffffffff");
    }

    @Test
    void pendingRuns_shouldNameTheExperiment_onceWhateverTheRunsBatchCount() {
        buffer().append("42", run, List.of(p(1, 0)));
        buffer().append("42", run, List.of(p(2, 1)));
        buffer().append("42", run, List.of(p(3, 2)));

        assertThat(buffer().pendingRuns()).filteredOn(r -> r.runId().equals(run))
                .containsExactly(new MetricBuffer.PendingRun(run, "42"));
    }

    @Test
    void createIfMissing_shouldEnableExpiryOnTheMetricsTable_andBeRepeatable() {
        DynamoTables.createIfMissing(fixture.dynamo, fixture.settings);

        assertThat(fixture.dynamo.describeTimeToLive(b -> b.tableName(fixture.tables.metrics()))
                .timeToLiveDescription()).satisfies(ttl -> {
                    assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
                    assertThat(ttl.attributeName()).isEqualTo(DynamoTables.METRIC_EXPIRES);
                });
    }

    private Map<String, AttributeValue> item(String sk) {
        return fixture.dynamo.getItem(b -> b.tableName(fixture.tables.metrics()).consistentRead(true)
                .key(Map.of(DynamoTables.METRIC_RUN, AttributeValue.fromS(run),
                        DynamoTables.METRIC_BATCH, AttributeValue.fromS(sk)))).item();
    }

    private static MetricPoint p(double value, long step) {
        return new MetricPoint("a", value, 1000 + step, step);
    }
}
