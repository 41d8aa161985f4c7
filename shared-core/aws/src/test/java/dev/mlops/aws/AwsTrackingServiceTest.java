package dev.mlops.aws;

import dev.mlops.core.contract.TrackingServiceContract;
import dev.mlops.core.port.Backend;
import dev.mlops.testsupport.AwsEmulator;
import java.time.InstantSource;

/** The tracking rules the local backend passes, over the wire on DynamoDB, S3 and EventBridge. */
class AwsTrackingServiceTest extends TrackingServiceContract {

    @Override
    protected Backend openBackend(InstantSource clock) {
        AwsEmulator emulator = AwsEmulator.get();
        return AwsBackend.open(AwsSettings.forEmulator(emulator.endpoint(), emulator.region(), emulator.accessKey(),
                emulator.secretKey(), emulator.uniquePrefix("tracking")), true);
    }
}
