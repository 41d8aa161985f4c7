package dev.mlops.aws.events;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** PutEvents answers scripted per entry, to drive partial failures the emulator never produces. */
class FakeEventBridge implements EventBridgeClient {

    final List<List<PutEventsRequestEntry>> requests = new CopyOnWriteArrayList<>();
    /** Given the 1-based request number and an entry, the error code to answer with, or null for success. */
    private final ErrorScript script;

    interface ErrorScript {
        String errorFor(int request, PutEventsRequestEntry entry);
    }

    FakeEventBridge(ErrorScript script) {
        this.script = script;
    }

    static FakeEventBridge accepting() {
        return new FakeEventBridge((n, e) -> null);
    }

    @Override
    public PutEventsResponse putEvents(PutEventsRequest request) {
        requests.add(request.entries());
        int number = requests.size();
        List<PutEventsResultEntry> results = request.entries().stream().map(entry -> {
            String code = script.errorFor(number, entry);
            return code == null ? PutEventsResultEntry.builder().eventId("id-" + number).build()
                    : PutEventsResultEntry.builder().errorCode(code).errorMessage("scripted " + code).build();
        }).toList();
        int failed = (int) results.stream().filter(r -> r.errorCode() != null).count();
        return PutEventsResponse.builder().entries(results).failedEntryCount(failed).build();
    }

    List<Integer> requestSizes() {
        return requests.stream().map(List::size).toList();
    }

    <T> List<T> all(Function<PutEventsRequestEntry, T> field) {
        return requests.stream().flatMap(List::stream).map(field).toList();
    }

    @Override
    public String serviceName() {
        return "events";
    }

    @Override
    public void close() {
    }
}
