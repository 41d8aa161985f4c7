package dev.mlops.aws.dynamo;

import dev.mlops.core.contract.RegistryStoreContract;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.testsupport.AwsEmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry contract the local store passes, over the wire on DynamoDB. It includes 64 concurrent version
 * creations and racing promotions, so it runs on {@link SerialMoto}: moto's threaded server does not isolate
 * transactions, DynamoDB does. One moto serves the class; each test names its models under its own prefix.
 */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoRegistryContractTest extends RegistryStoreContract {

    private static SerialMoto moto;
    private static SerialMoto.Store store;

    @BeforeAll
    static void start() throws Exception {
        moto = SerialMoto.start();
        store = SerialMoto.store(moto.settings());
    }

    @AfterAll
    static void stop() {
        store.clients().close();
        moto.close();
    }

    @Override
    protected RegistryStore store() {
        return store.registry();
    }
}
