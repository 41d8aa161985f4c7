package dev.mlops.aws.events;

import dev.mlops.aws.AwsSettings;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.port.EventPublisher;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Domain events to an EventBridge bus. {@link #publish} only buffers (and sends early once a full batch of 10 is
 * waiting); {@link #flush} sends everything buffered and returns when it has been sent or given up on. A Lambda is
 * frozen once it answers, so the HTTP layer must call {@code flush()} at the end of every request; {@code close()}
 * flushes too. Nothing here throws to the caller: failures are counted, kept for {@link #health()} and logged at
 * WARN with the event's type and id, never its detail. A circuit breaker in front of PutEvents opens when half of
 * the last {@value #BREAKER_VOLUME} requests failed (after the SDK's own retries), so an EventBridge outage costs
 * each request no time: events are dropped and counted until the breaker probes again, 30 s later.
 */
public final class EventBridgePublisher implements EventPublisher, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventBridgePublisher.class);
    /** Per-entry errors that a resend cannot fix; anything else (InternalFailure, throttling) is retried. */
    private static final Set<String> PERMANENT = Set.of("MalformedDetail", "InvalidArgument", "ResourceNotFoundException",
            "NotAuthorizedForSourceException", "NotAuthorizedForDetailTypeException", "AccessDeniedException");

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final EventBridgeClient client;
    private final String busName;
    private final String source;
    private final PublishOptions options;
    private final Sleeper sleeper;
    private final InstantSource clock;
    private final ConcurrentLinkedQueue<PendingEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    /** Held while sending, so a flush returns only after any send already under way has finished. */
    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicLong published = new AtomicLong();
    private final FailureLog failures;
    static final int BREAKER_VOLUME = 10;
    private final AtomicReference<CircuitBreakerState> circuit = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private final Guard breaker = Guard.create()
            .withDescription("eventbridge")
            .withCircuitBreaker()
            .requestVolumeThreshold(BREAKER_VOLUME)
            .failureRatio(0.5)
            .delay(30, ChronoUnit.SECONDS)
            .onStateChange(circuit::set)
            .done()
            .build();

    public EventBridgePublisher(EventBridgeClient client, AwsSettings settings) {
        this(client, settings, PublishOptions.defaults());
    }

    public EventBridgePublisher(EventBridgeClient client, AwsSettings settings, PublishOptions options) {
        this(client, settings.eventBusName(), settings.eventSource(), options, Thread::sleep, InstantSource.system());
    }

    EventBridgePublisher(EventBridgeClient client, String busName, String source, PublishOptions options,
                         Sleeper sleeper, InstantSource clock) {
        this.client = client;
        this.busName = busName;
        this.source = source;
        this.options = options;
        this.sleeper = sleeper;
        this.clock = clock;
        this.failures = new FailureLog(options.recentFailures());
    }

    @Override
    public void publish(DomainEvent event) {
        try {
            PendingEvent next = toPending(event);
            if (!EventBatches.fits(next)) {
                fail(List.of(next), "EntryTooLarge", "larger than one PutEvents request", 0);
            } else if (pendingCount.get() >= options.maxPending()) {
                fail(List.of(next), "BufferFull", options.maxPending() + " events wait for a flush", 0);
            } else {
                pending.add(next);
                if (pendingCount.incrementAndGet() >= EventBatches.MAX_ENTRIES && sending.tryLock()) {
                    try {
                        sendPending();
                    } finally {
                        sending.unlock();
                    }
                }
            }
        } catch (RuntimeException e) {
            unexpected(e);
        }
    }

    /** Sends everything buffered; returns once each event was accepted or recorded as failed. Never throws. */
    public void flush() {
        sending.lock();
        try {
            sendPending();
        } catch (RuntimeException e) {
            unexpected(e);
        } finally {
            sending.unlock();
        }
    }

    public PublisherHealth health() {
        return new PublisherHealth(published.get(), failures.count(), pendingCount.get(), failures.recent(),
                circuit.get().name());
    }

    @Override
    public void close() {
        flush();
    }

    private PendingEvent toPending(DomainEvent event) {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(source)
                .detailType(EventDetails.detailType(event))
                .detail(EventDetails.detail(event))
                .time(Instant.ofEpochMilli(event.timestamp()))
                .build();
        return PendingEvent.of(entry, EventDetails.resourceId(event));
    }

    private void sendPending() {
        List<PendingEvent> drained = new ArrayList<>();
        for (PendingEvent next; (next = pending.poll()) != null; ) {
            pendingCount.decrementAndGet();
            drained.add(next);
        }
        for (List<PendingEvent> batch : EventBatches.split(drained)) {
            send(batch);
        }
    }

    /** One batch, resending the entries EventBridge refused with a retryable code, with doubling backoff. */
    private void send(List<PendingEvent> batch) {
        List<PendingEvent> attempt = batch;
        for (int round = 1; ; round++) {
            PutEventsResponse response;
            try {
                List<PutEventsRequestEntry> entries = attempt.stream().map(PendingEvent::entry).toList();
                response = breaker.get(() -> client.putEvents(r -> r.entries(entries)), PutEventsResponse.class);
            } catch (CircuitBreakerOpenException open) {
                fail(attempt, "CircuitOpen", "EventBridge kept failing; the events were not sent", round);
                return;
            } catch (RuntimeException e) {
                // The SDK has already retried what a retry can fix (throttling, 5xx, I/O); a missing bus or a
                // refused permission will not heal within this request.
                fail(attempt, errorCode(e), errorMessage(e), round);
                return;
            }
            List<PendingEvent> retry = settle(attempt, response, round);
            if (retry.isEmpty()) {
                return;
            }
            try {
                sleeper.sleep(backoff(round));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(retry, "Interrupted", "interrupted while backing off", round);
                return;
            }
            attempt = retry;
        }
    }

    /** Counts the accepted entries, records the ones that failed for good, and returns those worth resending. */
    private List<PendingEvent> settle(List<PendingEvent> sent, PutEventsResponse response, int round) {
        List<PutEventsResultEntry> results = response.hasEntries() ? response.entries() : List.of();
        List<PendingEvent> retry = new ArrayList<>();
        Map<String, List<PendingEvent>> failedByCode = new LinkedHashMap<>();
        Map<String, String> messages = new LinkedHashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
            String code = result == null ? "MissingResult" : result.errorCode();
            if (code == null) {
                published.incrementAndGet();
            } else if (PERMANENT.contains(code) || round >= options.maxAttempts()) {
                failedByCode.computeIfAbsent(code, c -> new ArrayList<>()).add(sent.get(i));
                messages.putIfAbsent(code, result == null ? "no result for the entry" : result.errorMessage());
            } else {
                retry.add(sent.get(i));
            }
        }
        failedByCode.forEach((code, events) -> fail(events, code, messages.get(code), round));
        return retry;
    }

    private Duration backoff(int round) {
        long base = options.initialBackoff().toMillis() << Math.min(round - 1, 10);
        long capped = Math.min(base, 2_000);
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void fail(List<PendingEvent> events, String code, String message, int attempts) {
        Instant now = clock.instant();
        String shortMessage = abbreviate(message);
        for (PendingEvent event : events) {
            failures.record(new PublishFailure(now, event.detailType(), event.resourceId(), code, shortMessage,
                    attempts));
        }
        LOG.warnf("EventBridge bus '%s' did not take %d event(s) %s after %d attempt(s): %s (%s)", busName,
                events.size(), events.stream().map(e -> e.detailType() + " " + e.resourceId()).toList(), attempts,
                code, shortMessage);
    }

    private void unexpected(RuntimeException e) {
        failures.record(new PublishFailure(clock.instant(), "unknown", null, "Internal",
                abbreviate(e.getClass().getSimpleName() + ": " + e.getMessage()), 0));
        LOG.warnf("Could not publish an event: %s", e.getClass().getSimpleName());
    }

    private static String errorCode(RuntimeException e) {
        return e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null
                ? aws.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
    }

    private static String errorMessage(RuntimeException e) {
        return e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorMessage() : e.getMessage();
    }

    private static String abbreviate(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= 200 ? message : message.substring(0, 200) + "...";
    }
}
