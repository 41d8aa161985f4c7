package dev.mlops.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

class EventCaptureTest {

    @Test
    void receive_shouldReturnMatchingEventsOnly_asEnvelopes() {
        AwsEmulator aws = AwsEmulator.get();
        String bus = aws.uniquePrefix("capture-bus");
        try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(aws.endpoint())
                .region(Region.of(aws.region())).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()))).build()) {
            events.createEventBus(b -> b.name(bus));
            try (EventCapture capture = EventCapture.attach(aws, bus, EventCapture.sourcePattern("mlops.test"))) {
                events.putEvents(b -> b.entries(
                        entry(bus, "mlops.test", "Wanted", "{\"n\":1}"),
                        entry(bus, "other.source", "Unwanted", "{\"n\":2}"),
                        entry(bus, "mlops.test", "Wanted", "{\"n\":3}")));

                List<JsonNode> received = capture.receive(2, Duration.ofSeconds(10));
                List<JsonNode> more = capture.receive(1, Duration.ofSeconds(1));

                assertEquals(List.of(1, 3), EventCapture.details(received, "Wanted").stream()
                        .map(d -> d.path("n").asInt()).sorted().toList());
                assertEquals(2, received.size(), "only the two mlops.test events match the rule");
                assertEquals(List.of(), more);
            }
        }
    }

    private static PutEventsRequestEntry entry(String bus, String source, String type, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source(source).detailType(type).detail(detail)
                .build();
    }
}
