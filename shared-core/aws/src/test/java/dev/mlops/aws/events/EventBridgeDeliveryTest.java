package dev.mlops.aws.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.port.DomainEvent.RunCreated;
import dev.mlops.core.port.DomainEvent.RunFinished;
import dev.mlops.testsupport.AwsEmulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Events travel bus → rule → SQS over the wire, as a subscriber (e.g. a model-registry hook) would see them. */
class EventBridgeDeliveryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static AwsSettings settings;
    static AwsClients clients;
    static SqsClient sqs;
    static String queueUrl;

    @BeforeAll
    static void wireBusToQueue() {
        AwsEmulator aws = AwsEmulator.get();
        settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(), aws.secretKey(),
                aws.uniquePrefix("events"));
        clients = new AwsClients(settings, List.of());
        sqs = SqsClient.builder().endpointOverride(aws.endpoint()).region(Region.of(settings.region()))
                .credentialsProvider(clients.credentials()).httpClient(UrlConnectionHttpClient.create()).build();

        assertThat(EventBusSetup.createIfMissing(clients.events(), settings)).isTrue();
        assertThat(EventBusSetup.createIfMissing(clients.events(), settings)).isFalse();
        queueUrl = sqs.createQueue(b -> b.queueName(settings.tablePrefix() + "-run-finished")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String ruleArn = clients.events().putRule(b -> b.name("run-finished").eventBusName(settings.eventBusName())
                .eventPattern("{\"source\":[\"mlops.tracking\"],\"detail-type\":[\"RunFinished\"]}")).ruleArn();
        // What AWS needs before EventBridge may write to the queue (moto does not check it).
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"%s",
                 "Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}""".formatted(queueArn, ruleArn))));
        clients.events().putTargets(b -> b.rule("run-finished").eventBusName(settings.eventBusName())
                .targets(Target.builder().id("queue").arn(queueArn).build()));
    }

    @AfterAll
    static void close() {
        sqs.close();
        clients.close();
    }

    @Test
    void publish_shouldDeliverRunFinished_andNotRunCreated_toTheRuleTarget() throws Exception {
        EventBridgePublisher publisher = new EventBridgePublisher(clients.events(), settings);

        publisher.publish(new RunCreated("3", "run-a", null, 1767225600000L));
        publisher.publish(new RunFinished("3", "run-a", "FINISHED", 1767225601234L));
        publisher.flush();

        List<Message> first = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(2)).messages();
        List<Message> more = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        assertThat(first).hasSize(1);
        assertThat(more).as("RunCreated matches no rule").isEmpty();
        JsonNode envelope = JSON.readTree(first.get(0).body());
        assertThat(envelope.path("source").asText()).isEqualTo("mlops.tracking");
        assertThat(envelope.path("detail-type").asText()).isEqualTo("RunFinished");
        JsonNode detail = envelope.path("detail");
        assertThat(detail.path("run_id").asText()).isEqualTo("run-a");
        assertThat(detail.path("experiment_id").asText()).isEqualTo("3");
        assertThat(detail.path("status").asText()).isEqualTo("FINISHED");
        assertThat(detail.path("timestamp").asLong()).isEqualTo(1767225601234L);
        assertThat(publisher.health()).isEqualTo(new PublisherHealth(2, 0, 0, List.of()));
    }

    @Test
    void publish_shouldRecordFailure_notThrow_whenBusIsMissing() {
        AwsEmulator aws = AwsEmulator.get();
        AwsSettings noBus = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), aws.uniquePrefix("nobus"));
        EventBridgePublisher publisher = new EventBridgePublisher(clients.events(), noBus);

        assertThatCode(() -> {
            publisher.publish(new RunFinished("3", "run-b", "FAILED", 1L));
            publisher.flush();
        }).doesNotThrowAnyException();

        PublisherHealth health = publisher.health();
        assertThat(health.published()).isZero();
        assertThat(health.failed()).isEqualTo(1);
        assertThat(health.recentFailures()).singleElement().satisfies(f -> {
            assertThat(f.errorCode()).isEqualTo("ResourceNotFoundException");
            assertThat(f.detailType()).isEqualTo("RunFinished");
            assertThat(f.resourceId()).isEqualTo("run-b");
        });
    }
}
