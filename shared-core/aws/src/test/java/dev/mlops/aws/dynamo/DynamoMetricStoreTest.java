package dev.mlops.aws.dynamo;

import dev.mlops.core.contract.MetricStoreContract;
import dev.mlops.core.port.MetricStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The shared MetricStore contract, over the wire against the emulator. */
class DynamoMetricStoreTest extends MetricStoreContract {

    private DynamoFixture fixture;

    @BeforeEach
    void open() {
        fixture = DynamoFixture.fresh();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Override
    protected MetricStore store() {
        return fixture.metrics;
    }
}
