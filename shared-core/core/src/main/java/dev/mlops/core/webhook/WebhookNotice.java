package dev.mlops.core.webhook;

import dev.mlops.core.port.DomainEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a webhook receives for a domain event: MLflow's event name and payload, with MLflow's field names and order
 * (mlflow/webhooks/types.py). Only registry events have webhook counterparts.
 */
public record WebhookNotice(WebhookEvent event, Map<String, Object> payload) {

    public static Optional<WebhookNotice> of(DomainEvent event) {
        return Optional.ofNullable(switch (event) {
            case DomainEvent.RegisteredModelCreated e -> notice(WebhookEvent.REGISTERED_MODEL_CREATED,
                    "name", e.name(), "tags", new TreeMap<>(e.tags()), "description", e.description());
            case DomainEvent.ModelVersionCreated e -> notice(WebhookEvent.MODEL_VERSION_CREATED,
                    "name", e.name(), "version", Integer.toString(e.version()), "source", e.source(),
                    "run_id", blankToNull(e.runId()), "tags", new TreeMap<>(e.tags()),
                    "description", blankToNull(e.description()));
            case DomainEvent.ModelVersionTagSet e -> notice(WebhookEvent.MODEL_VERSION_TAG_SET,
                    "name", e.name(), "version", Integer.toString(e.version()), "key", e.key(), "value", e.value());
            case DomainEvent.ModelVersionTagDeleted e -> notice(WebhookEvent.MODEL_VERSION_TAG_DELETED,
                    "name", e.name(), "version", Integer.toString(e.version()), "key", e.key());
            case DomainEvent.ModelAliasSet e -> notice(WebhookEvent.MODEL_VERSION_ALIAS_CREATED,
                    "name", e.name(), "alias", e.alias(), "version", Integer.toString(e.version()));
            case DomainEvent.ModelAliasDeleted e -> notice(WebhookEvent.MODEL_VERSION_ALIAS_DELETED,
                    "name", e.name(), "alias", e.alias());
            default -> null;
        });
    }

    /** MLflow's example payload for an event, which test_webhook sends. */
    public static WebhookNotice example(WebhookEvent event) {
        Map<String, String> tags = Map.of("example_key", "example_value");
        return switch (event.entity()) {
            case REGISTERED_MODEL -> notice(event, "name", "example_model", "tags", tags,
                    "description", "An example registered model");
            case MODEL_VERSION -> notice(event, "name", "example_model", "version", "1", "source", "models:/123",
                    "run_id", "abcd1234abcd5678", "tags", tags, "description", "An example model version");
            case MODEL_VERSION_TAG -> event.action() == WebhookEvent.Action.SET
                    ? notice(event, "name", "example_model", "version", "1", "key", "example_key",
                            "value", "example_value")
                    : notice(event, "name", "example_model", "version", "1", "key", "example_key");
            case MODEL_VERSION_ALIAS -> event.action() == WebhookEvent.Action.CREATED
                    ? notice(event, "name", "example_model", "alias", "example_alias", "version", "1")
                    : notice(event, "name", "example_model", "alias", "example_alias");
            case PROMPT -> notice(event, "name", "example_prompt", "tags", tags,
                    "description", "An example prompt");
            case PROMPT_VERSION -> notice(event, "name", "example_prompt", "version", "1",
                    "template", "Hello {{name}}!", "tags", tags, "description", "An example prompt version");
            case PROMPT_TAG -> event.action() == WebhookEvent.Action.SET
                    ? notice(event, "name", "example_prompt", "key", "example_key", "value", "example_value")
                    : notice(event, "name", "example_prompt", "key", "example_key");
            case PROMPT_VERSION_TAG -> event.action() == WebhookEvent.Action.SET
                    ? notice(event, "name", "example_prompt", "version", "1", "key", "example_key",
                            "value", "example_value")
                    : notice(event, "name", "example_prompt", "version", "1", "key", "example_key");
            case PROMPT_ALIAS -> event.action() == WebhookEvent.Action.CREATED
                    ? notice(event, "name", "example_prompt", "alias", "example_alias", "version", "1")
                    : notice(event, "name", "example_prompt", "alias", "example_alias");
            case BUDGET_POLICY -> notice(event, "budget_policy_id", "bp-abc123", "budget_unit", "USD",
                    "budget_amount", 100.0, "current_spend", 105.5, "duration_unit", "MONTHS", "duration_value", 1,
                    "target_scope", "ENDPOINT", "workspace", "default", "target_value", "ep-abc123",
                    "window_start", 1704067200000L);
        };
    }

    private static WebhookNotice notice(WebhookEvent event, Object... keysAndValues) {
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            payload.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new WebhookNotice(event, java.util.Collections.unmodifiableMap(payload));
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
