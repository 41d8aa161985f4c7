package dev.mlops.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Subscribes to an event bus the way a real consumer does: an EventBridge rule with {@code eventPattern} on
 * {@code busName}, targeting a fresh SQS queue. {@link #receive} returns the EventBridge envelopes (with
 * {@code detail-type} and {@code detail}) that reached the queue. The bus must exist; {@link #close} removes the rule
 * and the queue.
 */
public final class EventCapture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SdkHttpClient http;
    private final EventBridgeClient events;
    private final SqsClient sqs;
    private final String busName;
    private final String ruleName;
    private final String queueUrl;

    private EventCapture(SdkHttpClient http, EventBridgeClient events, SqsClient sqs, String busName,
                         String ruleName, String queueUrl) {
        this.http = http;
        this.events = events;
        this.sqs = sqs;
        this.busName = busName;
        this.ruleName = ruleName;
        this.queueUrl = queueUrl;
    }

    /** A pattern matching every event from {@code source}, e.g. {@code "mlops.tracking"}. */
    public static String sourcePattern(String source) {
        return "{\"source\":[\"" + source + "\"]}";
    }

    public static EventCapture attach(AwsEmulator aws, String busName, String eventPattern) {
        SdkHttpClient http = UrlConnectionHttpClient.create();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()));
        URI endpoint = aws.endpoint();
        Region region = Region.of(aws.region());
        EventBridgeClient events = EventBridgeClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).httpClient(http).build();
        SqsClient sqs = SqsClient.builder().endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).httpClient(http).build();
        String name = aws.uniquePrefix("capture");
        String queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String ruleArn = events.putRule(b -> b.name(name).eventBusName(busName).eventPattern(eventPattern))
                .ruleArn();
        // What AWS needs before EventBridge may write to the queue (moto does not check it).
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"%s",
                 "Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}""".formatted(queueArn, ruleArn))));
        events.putTargets(b -> b.rule(name).eventBusName(busName)
                .targets(Target.builder().id("queue").arn(queueArn).build()));
        return new EventCapture(http, events, sqs, busName, name, queueUrl);
    }

    /**
     * Waits until {@code count} events arrived or {@code timeout} passed, and returns what arrived (possibly fewer:
     * assert on the result). Received messages are deleted.
     */
    public List<JsonNode> receive(int count, Duration timeout) {
        List<JsonNode> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            int wait = (int) Math.max(1, Math.min(5, Duration.ofNanos(deadline - System.nanoTime()).toSeconds()));
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(Math.min(10, count - received.size())).waitTimeSeconds(wait)).messages()) {
                received.add(parse(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return received;
    }

    /** The events of one {@code detail-type} among {@code envelopes}, as their {@code detail} objects. */
    public static List<JsonNode> details(List<JsonNode> envelopes, String detailType) {
        Predicate<JsonNode> ofType = e -> detailType.equals(e.path("detail-type").asText());
        return envelopes.stream().filter(ofType).map(e -> e.path("detail")).toList();
    }

    public String queueUrl() {
        return queueUrl;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("An SQS message was not an EventBridge envelope: " + body, e);
        }
    }

    @Override
    public void close() {
        try { // best effort: an emulator reset may have removed them already
            quietly(() -> events.removeTargets(b -> b.rule(ruleName).eventBusName(busName).ids("queue")));
            quietly(() -> events.deleteRule(b -> b.name(ruleName).eventBusName(busName)));
            quietly(() -> sqs.deleteQueue(b -> b.queueUrl(queueUrl)));
        } finally {
            events.close();
            sqs.close();
            http.close();
        }
    }

    private static void quietly(Runnable cleanup) {
        try {
            cleanup.run();
        } catch (SdkException e) {
            // already gone
        }
    }
}
