package dev.mlops.recoveryapi;

import dev.mlops.core.recovery.RestoreService;
import dev.mlops.testsupport.AwsEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The incident suite on the AWS backend over the wire: DynamoDB tables, a versioned bucket and an s3a:// lake on
 * the emulator (the whole class shares one seeded state, so the emulator is not reset between tests).
 */
class AwsIncidentRecoveryTest extends IncidentRecoveryContract {

    static RecoveryFixture fixture;
    static String bucket;

    @BeforeAll
    static void seed() {
        String prefix = AwsEmulator.get().uniquePrefix("incidents");
        bucket = prefix + "-artifacts";
        fixture = RecoveryFixture.aws(prefix, false, 16, RestoreService.StepHook.NONE).seed();
    }

    @AfterAll
    static void close() throws Exception {
        fixture.close();
    }

    @Override
    RecoveryFixture fixture() {
        return fixture;
    }

    @Override
    void deleteByHand(String key) {
        AwsTestClients.s3().deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** S3 has no in-place write: an overwrite is a new current version, as a bad upload makes. */
    @Override
    void overwriteByHand(String key, byte[] bytes) {
        AwsTestClients.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }
}
