package dev.mlops.aws.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mlops.testsupport.LogCapture;
import dev.mlops.core.port.DomainEvent.ExperimentCreated;
import dev.mlops.core.port.DomainEvent.MetricsLogged;
import dev.mlops.core.port.DomainEvent.RunCreated;
import dev.mlops.core.port.DomainEvent.RunFinished;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** Buffering, batching and retries, against a scripted client (the emulator never fails single entries). */
class EventBridgePublisherTest {

    final List<Duration> sleeps = new ArrayList<>();

    EventBridgePublisher publisher(EventBridgeClient client, PublishOptions options) {
        return new EventBridgePublisher(client, "bus", "mlops.tracking", options, sleeps::add,
                InstantSource.system());
    }

    EventBridgePublisher publisher(EventBridgeClient client) {
        return publisher(client, PublishOptions.defaults());
    }

    static RunFinished finished(int i) {
        return new RunFinished("1", "run" + i, "FINISHED", 1000L + i);
    }

    @Test
    void publish_shouldBuffer_untilFlush() {
        FakeEventBridge client = FakeEventBridge.accepting();
        EventBridgePublisher publisher = publisher(client);

        publisher.publish(finished(1));
        publisher.publish(new RunCreated("1", "run2", null, 5));
        int sentBeforeFlush = client.requests.size();
        publisher.flush();

        assertThat(sentBeforeFlush).isZero();
        assertThat(client.requestSizes()).containsExactly(2);
        PutEventsRequestEntry first = client.requests.get(0).get(0);
        assertThat(first.source()).isEqualTo("mlops.tracking");
        assertThat(first.eventBusName()).isEqualTo("bus");
        assertThat(first.detailType()).isEqualTo("RunFinished");
        assertThat(first.time().toEpochMilli()).isEqualTo(1001L);
        assertThat(publisher.health()).isEqualTo(new PublisherHealth(2, 0, 0, List.of()));
    }

    @Test
    void publish_shouldSendFullBatchesEarly_andFlushTheRest() {
        FakeEventBridge client = FakeEventBridge.accepting();
        EventBridgePublisher publisher = publisher(client);

        for (int i = 0; i < 25; i++) {
            publisher.publish(finished(i));
        }
        List<Integer> beforeFlush = client.requestSizes();
        publisher.flush();

        assertThat(beforeFlush).containsExactly(10, 10);
        assertThat(client.requestSizes()).containsExactly(10, 10, 5);
        assertThat(client.all(PutEventsRequestEntry::detail)).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void flush_shouldSplitRequests_atTheSizeLimit() {
        FakeEventBridge client = FakeEventBridge.accepting();
        EventBridgePublisher publisher = publisher(client);
        String name = "n".repeat(100 * 1024); // ~100 KB per event: two fit in 256 KB, three do not

        for (int i = 0; i < 5; i++) {
            publisher.publish(new ExperimentCreated(Integer.toString(i), name, i));
        }
        publisher.flush();

        assertThat(client.requestSizes()).containsExactly(2, 2, 1);
        assertThat(publisher.health().published()).isEqualTo(5);
    }

    @Test
    void publish_shouldRecordFailure_whenOneEventExceedsTheRequestLimit() {
        FakeEventBridge client = FakeEventBridge.accepting();
        EventBridgePublisher publisher = publisher(client);

        publisher.publish(new ExperimentCreated("9", "n".repeat(300 * 1024), 1));
        publisher.flush();

        assertThat(client.requests).isEmpty();
        assertThat(publisher.health().recentFailures()).singleElement()
                .satisfies(f -> assertThat(f.errorCode()).isEqualTo("EntryTooLarge"));
    }

    @Test
    void flush_shouldResendOnlyRefusedEntries_withBackoff() {
        FakeEventBridge client = new FakeEventBridge((request, entry) ->
                request == 1 && entry.detail().contains("run2") ? "ThrottlingException" : null);
        EventBridgePublisher publisher = publisher(client);

        for (int i = 1; i <= 3; i++) {
            publisher.publish(finished(i));
        }
        publisher.flush();

        assertThat(client.requestSizes()).containsExactly(3, 1);
        assertThat(client.requests.get(1).get(0).detail()).contains("\"run_id\":\"run2\"");
        assertThat(sleeps).hasSize(1);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(publisher.health()).isEqualTo(new PublisherHealth(3, 0, 0, List.of()));
    }

    @Test
    void flush_shouldGiveUpAfterMaxAttempts_andRecordTheFailure() {
        FakeEventBridge client = new FakeEventBridge((request, entry) -> "InternalFailure");
        EventBridgePublisher publisher = publisher(client);

        publisher.publish(new MetricsLogged("1", "r9", 10, 2, 4, 7));
        publisher.flush();

        assertThat(client.requestSizes()).containsExactly(1, 1, 1);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        PublishFailure failure = publisher.health().recentFailures().get(0);
        assertThat(failure.errorCode()).isEqualTo("InternalFailure");
        assertThat(failure.detailType()).isEqualTo("MetricsLogged");
        assertThat(failure.resourceId()).isEqualTo("r9");
        assertThat(failure.attempts()).isEqualTo(3);
        assertThat(publisher.health().failed()).isEqualTo(1);
    }

    @Test
    void flush_shouldNotResend_whenErrorIsPermanent() {
        FakeEventBridge client = new FakeEventBridge((request, entry) -> "MalformedDetail");
        EventBridgePublisher publisher = publisher(client);

        publisher.publish(finished(1));
        publisher.flush();

        assertThat(client.requestSizes()).containsExactly(1);
        assertThat(sleeps).isEmpty();
        assertThat(publisher.health().failed()).isEqualTo(1);
    }

    @Test
    void publishAndFlush_shouldNeverThrow_whenTheClientBreaks() {
        EventBridgeClient broken = new FakeEventBridge((n, e) -> null) {
            @Override
            public PutEventsResponse putEvents(PutEventsRequest request) {
                throw new IllegalStateException("bug in a client");
            }
        };
        EventBridgePublisher publisher = publisher(broken);

        assertThatCode(() -> {
            publisher.publish(finished(1));
            publisher.publish(null);
            publisher.flush();
            publisher.close();
        }).doesNotThrowAnyException();

        assertThat(publisher.health().failed()).isEqualTo(2);
        assertThat(publisher.health().healthy()).isFalse();
    }

    @Test
    void health_shouldKeepOnlyTheMostRecentFailures() {
        FakeEventBridge client = new FakeEventBridge((request, entry) -> "AccessDeniedException");
        EventBridgePublisher publisher = publisher(client, new PublishOptions(3, Duration.ZERO, 100, 4));

        for (int i = 0; i < 12; i++) {
            publisher.publish(finished(i));
        }
        publisher.flush();

        assertThat(publisher.health().failed()).isEqualTo(12);
        assertThat(publisher.health().recentFailures()).extracting(PublishFailure::resourceId)
                .containsExactly("run8", "run9", "run10", "run11");
    }

    @Test
    void publish_shouldRecordBufferFull_whileAnotherFlushIsStuckSending() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeEventBridge client = new FakeEventBridge((n, e) -> null) {
            @Override
            public PutEventsResponse putEvents(PutEventsRequest request) {
                if (requests.isEmpty()) {
                    entered.countDown();
                    await(release);
                }
                return super.putEvents(request);
            }
        };
        EventBridgePublisher publisher = publisher(client, new PublishOptions(3, Duration.ZERO, 10, 5));
        Thread slowFlush = Thread.ofPlatform().start(() -> {
            publisher.publish(finished(0));
            publisher.flush();
        });
        await(entered);

        for (int i = 1; i <= 11; i++) { // the 10th cannot send early (the lock is held), the 11th overflows
            publisher.publish(finished(i));
        }
        int pendingWhileStuck = publisher.health().pending();
        release.countDown();
        slowFlush.join();
        publisher.flush();

        assertThat(pendingWhileStuck).isEqualTo(10);
        assertThat(client.requestSizes()).containsExactly(1, 10);
        assertThat(publisher.health().published()).isEqualTo(11);
        assertThat(publisher.health().recentFailures()).singleElement()
                .satisfies(f -> assertThat(f.errorCode()).isEqualTo("BufferFull"));
    }

    @Test
    void failureLog_shouldNotContainEventDetail() {
        FakeEventBridge client = new FakeEventBridge((request, entry) -> "MalformedDetail");
        EventBridgePublisher publisher = publisher(client);
        String privateName = "project-falcon-acquisition-model";

        String logs;
        try (LogCapture capture = new LogCapture()) {
            publisher.publish(new ExperimentCreated("42", privateName, 1));
            publisher.flush();
            logs = capture.logs();
        }

        assertThat(logs).contains("WARN").contains("ExperimentCreated 42").contains("MalformedDetail")
                .doesNotContain(privateName);
        assertThat(publisher.health().recentFailures().toString()).doesNotContain(privateName);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void breaker_shouldOpenAfterRepeatedRequestFailures_andThenDropEventsWithoutCallingEventBridge() {
        FakeEventBridge down = new FakeEventBridge((n, e) -> null) {
            @Override
            public PutEventsResponse putEvents(PutEventsRequest request) {
                requests.add(request.entries());
                throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to execute HTTP request");
            }
        };
        EventBridgePublisher publisher = publisher(down);

        for (int i = 0; i < EventBridgePublisher.BREAKER_VOLUME; i++) {
            publisher.publish(finished(i));
            publisher.flush();
        }
        int callsWhenOpened = down.requests.size();
        publisher.publish(finished(99));
        publisher.flush();

        assertThat(publisher.health().circuit()).isEqualTo("OPEN");
        assertThat(down.requests).hasSize(callsWhenOpened);
        assertThat(publisher.health().recentFailures()).last()
                .satisfies(f -> assertThat(f.errorCode()).isEqualTo("CircuitOpen"));
        assertThat(publisher.health().failed()).isEqualTo(EventBridgePublisher.BREAKER_VOLUME + 1);
        assertThat(publisher.health().healthy()).isFalse();
    }
}
