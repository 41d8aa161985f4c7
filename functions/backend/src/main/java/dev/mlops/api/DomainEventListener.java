package dev.mlops.api;

import dev.mlops.core.port.DomainEvent;

/**
 * Sees every domain event the services announce, before it goes to the bus; operational metrics count them. Must be
 * quick and must not throw (a throw is logged and ignored).
 */
public interface DomainEventListener {

    void announced(DomainEvent event);
}
