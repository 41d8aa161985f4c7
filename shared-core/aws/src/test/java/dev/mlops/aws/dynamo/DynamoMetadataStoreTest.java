package dev.mlops.aws.dynamo;

import dev.mlops.core.contract.MetadataStoreContract;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.testsupport.AwsEmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared MetadataStore contract, over the wire against the emulator. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoMetadataStoreTest extends MetadataStoreContract {

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
    protected MetadataStore store() {
        return fixture.metadata;
    }
}
