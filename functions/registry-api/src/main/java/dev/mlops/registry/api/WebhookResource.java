package dev.mlops.registry.api;

import dev.mlops.api.JsonCodec;
import dev.mlops.api.dto.TrackingViews;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.Page;
import dev.mlops.core.webhook.Webhook;
import dev.mlops.core.webhook.WebhookEvent;
import dev.mlops.core.webhook.WebhookService;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow 3's webhook API (mlflow/protos/webhooks.proto): {@code /webhooks} create and list,
 * {@code /webhooks/{id}} get, update and delete, {@code /webhooks/{id}/test}. Events travel as
 * {@code {"entity": "MODEL_VERSION", "action": "CREATED"}}; the secret is accepted and never returned.
 */
@Path("/{prefix: api|ajax-api}/2.0/mlflow/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    record EventWire(String entity, String action) {
    }

    record WebhookRequest(String name, String description, String url, List<EventWire> events, String secret,
                          String status) {
    }

    record TestRequest(EventWire event) {
    }

    private final WebhookService webhooks;
    private final JsonCodec json;

    public WebhookResource(WebhookService webhooks, JsonCodec json) {
        this.webhooks = webhooks;
        this.json = json;
    }

    @POST
    public Map<String, Object> create(byte[] body) {
        WebhookRequest request = json.read(body, WebhookRequest.class);
        return Map.of("webhook", view(webhooks.create(request.name(), request.url(), events(request.events()),
                request.description(), request.secret(), status(request.status()))));
    }

    @GET
    public Map<String, Object> list(@QueryParam("max_results") String maxResults,
                                    @QueryParam("page_token") String pageToken) {
        Page<Webhook> page = webhooks.list(QueryParams.integer("max_results", maxResults), pageToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("webhooks", page.items().stream().map(WebhookResource::view).toList());
        if (page.nextPageToken() != null) {
            out.put("next_page_token", page.nextPageToken());
        }
        return out;
    }

    @GET
    @Path("{webhook_id}")
    public Map<String, Object> get(@PathParam("webhook_id") String id) {
        return Map.of("webhook", view(webhooks.get(id)));
    }

    @PATCH
    @Path("{webhook_id}")
    public Map<String, Object> update(@PathParam("webhook_id") String id, byte[] body) {
        WebhookRequest request = json.read(body, WebhookRequest.class);
        return Map.of("webhook", view(webhooks.update(id, new WebhookService.Changes(request.name(),
                request.description(), request.url(), request.events() == null ? null : events(request.events()),
                request.secret(), status(request.status())))));
    }

    @DELETE
    @Path("{webhook_id}")
    public Map<String, Object> delete(@PathParam("webhook_id") String id) {
        webhooks.delete(id);
        return TrackingViews.EMPTY;
    }

    @POST
    @Path("{webhook_id}/test")
    public Map<String, Object> test(@PathParam("webhook_id") String id, byte[] body) {
        TestRequest request = json.read(body, TestRequest.class);
        WebhookEvent event = request.event() == null ? null
                : WebhookEvent.parse(request.event().entity(), request.event().action());
        WebhookService.TestResult result = webhooks.test(id, event);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", result.success());
        if (result.responseStatus() != null) {
            out.put("response_status", result.responseStatus());
        }
        if (result.responseBody() != null) {
            out.put("response_body", result.responseBody());
        }
        if (result.errorMessage() != null) {
            out.put("error_message", result.errorMessage());
        }
        return Map.of("result", out);
    }

    /** The webhook as MLflow's proto JSON shows it: never the secret. */
    static Map<String, Object> view(Webhook webhook) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("webhook_id", webhook.id());
        out.put("name", webhook.name());
        if (webhook.description() != null && !webhook.description().isEmpty()) {
            out.put("description", webhook.description());
        }
        out.put("url", webhook.url());
        out.put("events", webhook.events().stream().map(e -> Map.of("entity", e.entity().name(),
                "action", e.action().name())).toList());
        out.put("status", webhook.status().name());
        out.put("creation_timestamp", webhook.creationTimestamp());
        out.put("last_updated_timestamp", webhook.lastUpdatedTimestamp());
        return out;
    }

    private static List<WebhookEvent> events(List<EventWire> wire) {
        return wire == null ? List.of() : wire.stream().map(e -> WebhookEvent.parse(e.entity(), e.action())).toList();
    }

    private static Webhook.Status status(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return switch (text.strip().toUpperCase()) {
            case "ACTIVE", "1" -> Webhook.Status.ACTIVE;
            case "DISABLED", "2" -> Webhook.Status.DISABLED;
            default -> throw new InvalidParameterException("Invalid webhook status '" + text
                    + "'. Valid values: ACTIVE, DISABLED");
        };
    }
}
