package dev.mlops.recoveryapi;

import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every published event, so tests can assert what was announced. */
final class RecordingEvents implements EventPublisher {

    final List<DomainEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(DomainEvent event) {
        events.add(event);
    }

    <T extends DomainEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    void clear() {
        events.clear();
    }
}
