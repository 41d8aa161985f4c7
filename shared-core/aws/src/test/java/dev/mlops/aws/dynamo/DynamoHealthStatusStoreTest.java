package dev.mlops.aws.dynamo;

import dev.mlops.core.contract.HealthStatusStoreContract;
import dev.mlops.core.port.HealthStatusStore;
import dev.mlops.testsupport.AwsEmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The health status contract on the metadata table, over the wire against the emulator. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoHealthStatusStoreTest extends HealthStatusStoreContract {

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
    protected HealthStatusStore store() {
        return new DynamoHealthStatusStore(fixture.dynamo, fixture.tables, DynamoGuard.standard());
    }

    @Override
    protected HealthStatusStore reopened() {
        return new DynamoHealthStatusStore(fixture.dynamo, fixture.tables, DynamoGuard.standard());
    }
}
