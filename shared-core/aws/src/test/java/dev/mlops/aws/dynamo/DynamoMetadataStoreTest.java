package dev.mlops.aws.dynamo;

import dev.mlops.core.contract.MetadataStoreContract;
import dev.mlops.core.port.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The shared MetadataStore contract, over the wire against the emulator. */
class DynamoMetadataStoreTest extends MetadataStoreContract {

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
    protected MetadataStore store() {
        return fixture.metadata;
    }
}
