package dev.mlops.aws.dynamo;

import dev.mlops.core.contract.RunSearchContract;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.testsupport.AwsEmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Metric-ordered searches through the DynamoDB search index items, over the wire, against the reference semantics. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoRunSearchContractTest extends RunSearchContract {

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
