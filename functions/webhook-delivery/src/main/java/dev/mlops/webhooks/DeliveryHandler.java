package dev.mlops.webhooks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.aws.events.EventDecoder;
import dev.mlops.core.port.DomainEvent;
import dev.mlops.core.webhook.WebhookDelivery;
import dev.mlops.core.webhook.WebhookDispatcher;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Delivers one registry event from the bus to every webhook subscribed to its MLflow event, in parallel, each with
 * MLflow's retries and backoff. A burst of events queues in EventBridge's asynchronous invocations instead of
 * blocking the API. A delivery that still fails is reported and counted, not thrown: throwing would make Lambda
 * retry the whole event and send again to the webhooks that already received it.
 */
@Named("webhook-delivery")
public class DeliveryHandler implements RequestHandler<JsonNode, DeliveryHandler.Report> {

    private static final Logger LOG = Logger.getLogger(DeliveryHandler.class);

    /** What one invocation did: the event type, and how many deliveries succeeded and failed. */
    public record Report(String detailType, int delivered, int failed) {
    }

    @Inject
    WebhookDispatcher dispatcher;

    public DeliveryHandler() {
    }

    DeliveryHandler(WebhookDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Report handleRequest(JsonNode event, Context context) {
        String type = event == null ? "" : event.path("detail-type").asText("");
        Optional<DomainEvent> decoded = EventDecoder.decode(event);
        if (decoded.isEmpty()) {
            LOG.infof("Ignored a %s event: it has no webhook counterpart", type);
            return new Report(type, 0, 0);
        }
        List<WebhookDelivery.Outcome> outcomes = dispatcher.deliverNow(decoded.get());
        int delivered = (int) outcomes.stream().filter(WebhookDelivery.Outcome::success).count();
        Report report = new Report(type, delivered, outcomes.size() - delivered);
        LOG.infof("%s: %d webhook deliveries succeeded, %d failed", type, report.delivered(), report.failed());
        return report;
    }
}
