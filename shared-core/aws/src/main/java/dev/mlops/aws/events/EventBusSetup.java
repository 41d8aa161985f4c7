package dev.mlops.aws.events;

import dev.mlops.aws.AwsSettings;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/** Provisioning for local runs and tests; in AWS the bus comes from infrastructure code. */
public final class EventBusSetup {

    private EventBusSetup() {
    }

    /** Creates the settings' bus unless it exists ("default" always does); returns whether it was created. */
    public static boolean createIfMissing(EventBridgeClient events, AwsSettings settings) {
        String name = settings.eventBusName();
        if ("default".equals(name)) {
            return false;
        }
        try {
            events.describeEventBus(b -> b.name(name));
            return false;
        } catch (ResourceNotFoundException e) {
            // fall through to create
        }
        try {
            events.createEventBus(b -> b.name(name));
            return true;
        } catch (ResourceAlreadyExistsException e) {
            return false; // created concurrently
        }
    }
}
