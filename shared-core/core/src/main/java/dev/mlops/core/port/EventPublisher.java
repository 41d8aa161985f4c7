package dev.mlops.core.port;

/** Where domain events go. Publishing never fails the caller's write; implementations record their own failures. */
public interface EventPublisher {

    void publish(DomainEvent event);

    /** Sends what is buffered; called at the end of each request so a Lambda sends its events before it freezes. */
    default void flush() {
    }

    /** The local default: events have no subscribers outside the process. */
    EventPublisher NONE = event -> {
    };
}
