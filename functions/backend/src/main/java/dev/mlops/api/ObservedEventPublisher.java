package dev.mlops.api;

import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import java.util.List;
import org.jboss.logging.Logger;

/** Tells the listeners about each event, then hands it to the real publisher; a failing listener changes nothing. */
final class ObservedEventPublisher implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(ObservedEventPublisher.class);

    private final EventPublisher delegate;
    private final List<DomainEventListener> listeners;

    ObservedEventPublisher(EventPublisher delegate, List<DomainEventListener> listeners) {
        this.delegate = delegate;
        this.listeners = List.copyOf(listeners);
    }

    EventPublisher delegate() {
        return delegate;
    }

    @Override
    public void publish(DomainEvent event) {
        for (DomainEventListener listener : listeners) {
            try {
                listener.announced(event);
            } catch (RuntimeException e) {
                LOG.debugf("Event listener %s failed: %s", listener.getClass().getSimpleName(), e.getMessage());
            }
        }
        delegate.publish(event);
    }

    @Override
    public void flush() {
        delegate.flush();
    }
}
