package dev.mlops.aws.events;

import java.util.ArrayList;
import java.util.List;

/** Splits entries, in order, into PutEvents requests within its limits: 10 entries and 256 KB per request. */
final class EventBatches {

    static final int MAX_ENTRIES = 10;
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    private EventBatches() {
    }

    /** Entries larger than a whole request must be filtered out first ({@link #fits}). */
    static List<List<PendingEvent>> split(List<PendingEvent> events) {
        List<List<PendingEvent>> batches = new ArrayList<>();
        List<PendingEvent> current = new ArrayList<>();
        int bytes = 0;
        for (PendingEvent event : events) {
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES || bytes + event.size() > MAX_REQUEST_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(event);
            bytes += event.size();
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    static boolean fits(PendingEvent event) {
        return event.size() <= MAX_REQUEST_BYTES;
    }
}
