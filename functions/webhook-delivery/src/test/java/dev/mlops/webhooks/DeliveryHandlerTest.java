package dev.mlops.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.api.webhooks.PinnedHttpSender;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.secrets.WebhookKeyMaterial;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.OpsCounters;
import dev.mlops.core.service.NewVersionRequest;
import dev.mlops.core.service.PreHooks;
import dev.mlops.core.service.RegistryService;
import dev.mlops.core.webhook.DeliveryPolicy;
import dev.mlops.core.webhook.SecretCipher;
import dev.mlops.core.webhook.UrlPolicy;
import dev.mlops.core.webhook.WebhookDelivery;
import dev.mlops.core.webhook.WebhookDispatcher;
import dev.mlops.core.webhook.WebhookEvent;
import dev.mlops.core.webhook.WebhookService;
import dev.mlops.testsupport.AwsEmulator;
import dev.mlops.testsupport.AwsEmulatorExtension;
import dev.mlops.testsupport.EventCapture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The AWS delivery path: the registry puts its event on EventBridge, a rule hands it on (here to SQS, as it would to
 * the function), and the handler delivers it, signed with a secret sealed under a Secrets Manager key, to a local
 * endpoint; a failing endpoint is retried and reported.
 */
@ExtendWith(AwsEmulatorExtension.class)
class DeliveryHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private HttpServer endpoint;
    private Backend backend;
    private AwsSettings settings;
    private WebhookService webhooks;
    private WebhookDispatcher dispatcher;
    private PinnedHttpSender sender;
    private final OpsCounters counters = OpsCounters.inMemory();

    @BeforeEach
    void open() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new String[] {exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-MLflow-Delivery-Id"),
                    exchange.getRequestHeaders().getFirst("X-MLflow-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-MLflow-Signature"),
                    new String(body, StandardCharsets.UTF_8)});
            int status = exchange.getRequestURI().getPath().equals("/down") ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        endpoint.start();
        AwsEmulator aws = AwsEmulator.get();
        settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(), aws.secretKey(),
                aws.uniquePrefix("hooks"));
        backend = AwsBackend.open(settings, true);
        DeliveryPolicy policy = DeliveryPolicy.fromEnvironment(Map.of("MLFLOW_WEBHOOK_ALLOWED_SCHEMES", "http",
                "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS", "true", "MLFLOW_WEBHOOK_REQUEST_MAX_RETRIES", "2"),
                Duration.ofMillis(10));
        SecretCipher cipher = new SecretCipher(new WebhookKeyMaterial(settings,
                settings.tablePrefix() + "/webhook-secret-key", true));
        sender = new PinnedHttpSender(Duration.ofSeconds(5));
        WebhookDelivery delivery = new WebhookDelivery(sender, new UrlPolicy(policy), cipher, counters,
                InstantSource.system(), pause -> Thread.sleep(pause));
        webhooks = new WebhookService(backend.webhooks(), new UrlPolicy(policy), cipher, delivery,
                InstantSource.system());
        dispatcher = new WebhookDispatcher(backend.events(), backend.webhooks(), delivery, counters, 4);
    }

    @AfterEach
    void close() throws Exception {
        dispatcher.close();
        sender.close();
        backend.close();
        endpoint.stop(0);
    }

    @Test
    void aRegistryEventFromTheBus_shouldArriveSigned_andAFailingEndpointIsRetriedAndReported() throws Exception {
        webhooks.create("signed", url("/hook"), List.of(WebhookEvent.MODEL_VERSION_CREATED), null, "s3cret", null);
        webhooks.create("down", url("/down"), List.of(WebhookEvent.MODEL_VERSION_CREATED), null, null, null);
        webhooks.create("other", url("/other"), List.of(WebhookEvent.MODEL_VERSION_ALIAS_DELETED), null, null,
                null);
        RegistryService registry = new RegistryService(backend.registry(), backend.metadata(), backend.loggedModels(),
                backend.artifacts(), backend.artifactRootUri(), backend.events(), PreHooks.NONE,
                InstantSource.system());
        try (EventCapture bus = EventCapture.attach(AwsEmulator.get(), settings.eventBusName(),
                "{\"detail-type\":[\"ModelVersionCreated\"]}")) {
            registry.createRegisteredModel("churn", List.of(), null);
            registry.createModelVersion(new NewVersionRequest("churn", "s3://models/churn/1", null,
                    List.of(new Tag("team", "growth")), null, "first", null, "ci", null));
            JsonNode event = bus.receive(1, Duration.ofSeconds(20)).getFirst();

            DeliveryHandler.Report report = new DeliveryHandler(dispatcher).handleRequest(event, null);

            assertThat(report).isEqualTo(new DeliveryHandler.Report("ModelVersionCreated", 1, 1));
        }
        String[] signed = received.stream().filter(r -> r[0].equals("/hook")).findFirst().orElseThrow();
        assertThat(signed[3]).isEqualTo(WebhookDelivery.signature("s3cret", signed[1], signed[2], signed[4]));
        assertThat(JSON.readTree(signed[4]).path("data")).isEqualTo(JSON.readTree("{\"name\": \"churn\", "
                + "\"version\": \"1\", \"source\": \"s3://models/churn/1\", \"run_id\": null, "
                + "\"tags\": {\"team\": \"growth\"}, \"description\": \"first\"}"));
        assertThat(received.stream().filter(r -> r[0].equals("/down"))).hasSize(3);
        assertThat(received.stream().filter(r -> r[0].equals("/other"))).isEmpty();
        assertThat(backend.webhooks().list()).allSatisfy(w -> assertThat(String.valueOf(w.encryptedSecret()))
                .doesNotContain("s3cret"));
    }

    @Test
    void theRecordedSampleEvent_shouldBeDelivered_andOtherEventsIgnored() throws Exception {
        webhooks.create("sample", url("/hook"), List.of(WebhookEvent.MODEL_VERSION_CREATED), null, null, null);
        String sample = Files.readString(Path.of(System.getProperty("events.samples.dir"),
                "eventbridge/model-version-created.json")).replace("MODEL_NAME", "fraud");

        DeliveryHandler handler = new DeliveryHandler(dispatcher);
        assertThat(handler.handleRequest(JSON.readTree(sample), null))
                .isEqualTo(new DeliveryHandler.Report("ModelVersionCreated", 1, 0));
        assertThat(handler.handleRequest(JSON.readTree(Files.readString(Path.of(
                System.getProperty("events.samples.dir"), "eventbridge/metric-flush-requested.json"))), null))
                .isEqualTo(new DeliveryHandler.Report("MetricFlushRequested", 0, 0));
        assertThat(JSON.readTree(received.getFirst()[4]).path("data").path("tags").path("team").asText())
                .isEqualTo("fraud");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + endpoint.getAddress().getPort() + path;
    }
}
