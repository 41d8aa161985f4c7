package dev.mlops.aws.events;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** A mapped event waiting to be sent, with what failure reports need and its size as EventBridge counts it. */
record PendingEvent(PutEventsRequestEntry entry, String resourceId, int size) {

    static PendingEvent of(PutEventsRequestEntry entry, String resourceId) {
        return new PendingEvent(entry, resourceId, sizeOf(entry));
    }

    String detailType() {
        return entry.detailType();
    }

    /** EventBridge's rule: 14 bytes for Time, plus the UTF-8 bytes of Source, DetailType, Detail and Resources. */
    static int sizeOf(PutEventsRequestEntry entry) {
        int size = entry.time() != null ? 14 : 0;
        size += utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
        if (entry.hasResources()) {
            for (String resource : entry.resources()) {
                size += utf8(resource);
            }
        }
        return size;
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
