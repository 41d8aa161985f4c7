package dev.mlops.aws.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.Backend;
import dev.mlops.core.service.NewVersionRequest;
import dev.mlops.core.service.PreHooks;
import dev.mlops.core.service.RegistryService;
import dev.mlops.testsupport.AwsEmulator;
import dev.mlops.testsupport.AwsEmulatorExtension;
import dev.mlops.testsupport.EventCapture;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry's events leave through the AWS backend's publisher and reach a subscriber: an EventBridge rule with
 * an SQS target in the emulator receives ModelVersionCreated, ModelVersionStageChanged, ModelAliasSet and, for a
 * promotion a gate refuses, PromotionRejected.
 */
@ExtendWith(AwsEmulatorExtension.class)
class RegistryEventsEndToEndTest {

    private Backend backend;
    private EventCapture capture;
    private RegistryService registry;

    @BeforeEach
    void open() {
        AwsEmulator aws = AwsEmulator.get();
        AwsSettings settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), aws.uniquePrefix("regevents"));
        backend = AwsBackend.open(settings, true);
        capture = EventCapture.attach(aws, settings.eventBusName(), EventCapture.sourcePattern(settings.eventSource()));
        registry = new RegistryService(backend.registry(), backend.metadata(), backend.loggedModels(),
                backend.artifacts(), backend.artifactRootUri(), backend.events(),
                PreHooks.parse("Production: tags.approved = 'true'"), InstantSource.system());
    }

    @AfterEach
    void close() throws Exception {
        capture.close();
        backend.close();
    }

    @Test
    void registryWrites_shouldArriveAtAQueueSubscribedThroughARule() {
        registry.createRegisteredModel("churn", List.of(), null);
        registry.createModelVersion(new NewVersionRequest("churn", "s3://elsewhere/model.pkl", null,
                List.of(new Tag("approved", "false")), null, null, null, "ci", null));
        registry.transitionModelVersionStage("churn", "1", "Staging", false);
        registry.setAlias("churn", "champion", "1");
        assertThatThrownBy(() -> registry.transitionModelVersionStage("churn", "1", "Production", true))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("approved");

        List<JsonNode> events = new ArrayList<>(capture.receive(6, Duration.ofSeconds(20)));

        assertThat(EventCapture.details(events, "RegisteredModelCreated")).singleElement()
                .satisfies(d -> assertThat(d.path("name").asText()).isEqualTo("churn"));
        assertThat(EventCapture.details(events, "OperationRejected")).singleElement().satisfies(d -> {
            assertThat(d.path("operation").asText()).isEqualTo("stage");
            assertThat(d.path("rule").asText()).contains("approved");
        });

        assertThat(EventCapture.details(events, "ModelVersionCreated")).singleElement()
                .satisfies(d -> assertThat(d.path("version").asText()).isEqualTo("1"));
        assertThat(EventCapture.details(events, "ModelVersionStageChanged")).singleElement().satisfies(d -> {
            assertThat(d.path("from_stage").asText()).isEqualTo("None");
            assertThat(d.path("to_stage").asText()).isEqualTo("Staging");
        });
        assertThat(EventCapture.details(events, "ModelAliasSet")).singleElement()
                .satisfies(d -> assertThat(d.path("alias").asText()).isEqualTo("champion"));
        assertThat(EventCapture.details(events, "PromotionRejected")).singleElement().satisfies(d -> {
            assertThat(d.path("target").asText()).isEqualTo("Production");
            assertThat(d.path("rule").asText()).contains("approved");
        });
        assertThat(registry.getModelVersion("churn", "1").version().stage().wire()).isEqualTo("Staging");
    }
}
