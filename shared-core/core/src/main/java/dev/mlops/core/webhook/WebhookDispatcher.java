package dev.mlops.core.webhook;

import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.OpsCounters;
import dev.mlops.core.port.OpsCounters.Counter;
import dev.mlops.core.port.WebhookStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers webhooks for the registry's events. As an {@link EventPublisher} in front of the backend's publisher
 * (the local server) it hands each notice to a bounded pool and returns at once, so a slow or failing endpoint never
 * slows the API; a full queue drops the delivery and counts it. {@link #deliverNow} is the synchronous form the AWS
 * delivery function uses for one EventBridge event.
 */
public final class WebhookDispatcher implements EventPublisher, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int QUEUE = 1000;

    private final EventPublisher next;
    private final WebhookStore store;
    private final WebhookDelivery delivery;
    private final OpsCounters counters;
    private final ExecutorService pool;

    public WebhookDispatcher(EventPublisher next, WebhookStore store, WebhookDelivery delivery, OpsCounters counters,
                             int workers) {
        this.next = next;
        this.store = store;
        this.delivery = delivery;
        this.counters = counters;
        this.pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().daemon().name("webhook-delivery-", 1).factory());
    }

    @Override
    public void publish(DomainEvent event) {
        next.publish(event);
        WebhookNotice.of(event).ifPresent(notice -> {
            List<Webhook> subscribers;
            try {
                subscribers = subscribers(notice);
            } catch (RuntimeException storeDown) {
                counters.increment(Counter.WEBHOOK_FAILED);
                LOG.warnf("Cannot list webhooks for %s: %s", notice.event(), storeDown.getMessage());
                return;
            }
            for (Webhook webhook : subscribers) {
                try {
                    pool.execute(() -> delivery.deliver(webhook, notice));
                } catch (RejectedExecutionException full) {
                    counters.increment(Counter.WEBHOOK_DROPPED);
                    LOG.warnf("Dropped a %s delivery to webhook %s: the delivery queue is full", notice.event(),
                            webhook.id());
                }
            }
        });
    }

    @Override
    public void flush() {
        next.flush();
    }

    /** Delivers the event's notice to every subscribed webhook in parallel and waits for the outcomes. */
    public List<WebhookDelivery.Outcome> deliverNow(DomainEvent event) {
        List<CompletableFuture<WebhookDelivery.Outcome>> pending = new ArrayList<>();
        WebhookNotice.of(event).ifPresent(notice -> {
            for (Webhook webhook : subscribers(notice)) {
                pending.add(CompletableFuture.supplyAsync(() -> delivery.deliver(webhook, notice), pool));
            }
        });
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private List<Webhook> subscribers(WebhookNotice notice) {
        return store.list().stream().filter(w -> w.listensTo(notice.event())).toList();
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }
}
