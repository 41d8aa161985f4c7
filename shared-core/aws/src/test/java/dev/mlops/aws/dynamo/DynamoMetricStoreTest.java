package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.contract.MetricStoreContract;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.port.MetricStore;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The shared MetricStore contract over the wire against the emulator, plus DynamoDB's item size limit. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoMetricStoreTest extends MetricStoreContract {

    private DynamoFixture fixture;

    @BeforeEach
    void open() {
        fixture = DynamoFixture.create();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Override
    protected MetricStore store() {
        return fixture.metrics;
    }

    @Test
    void append_shouldSplitAcrossItems_andStoreARetryOnce_whenACallExceedsOneItem() {
        String key = "k".repeat(100);
        List<MetricPoint> points = new ArrayList<>();
        for (int step = 0; step < 6000; step++) {
            points.add(p(key, step * 0.5, 1000 + step, step));
        }

        store().append("1", runId(), points);
        store().append("1", runId(), points);

        assertThat(batchItems()).isEqualTo(3);
        assertThat(readAll(key)).hasSize(6000).isEqualTo(points);
    }

    @Test
    void append_shouldWriteNothing_whenThereAreNoPoints() {
        store().append("1", runId(), List.of());

        assertThat(batchItems()).isZero();
    }

    @Test
    void append_shouldReturnTheRunsBufferedPoints_andTheSameCountForARetry() {
        List<MetricPoint> batch = List.of(p("a", 1, 10, 0), p("a", 2, 11, 1), p("b", 3, 11, 1));

        long first = store().append("1", runId(), batch);
        long retry = store().append("1", runId(), batch);
        long more = store().append("1", runId(), List.of(p("a", 4, 12, 2)));

        assertThat(first).isEqualTo(3);
        assertThat(retry).isEqualTo(3);
        assertThat(more).isEqualTo(4);
    }

    /** Items holding points; the run's counter item ({@code ~pending}) is not one. */
    private int batchItems() {
        return fixture.dynamo.query(b -> b.tableName(fixture.tables.metrics())
                .keyConditionExpression("#r = :r").expressionAttributeNames(Map.of("#r", DynamoTables.METRIC_RUN))
                .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(runId())))).items().stream()
                .filter(item -> item.containsKey(DynamoMetricStore.POINTS)).toList().size();
    }
}
