package dev.mlops.aws.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.port.DomainEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the registry events that have webhook counterparts back from an EventBridge event (the inverse of
 * {@link EventDetails} for those types), so the webhook-delivery function builds the same payloads the local server
 * does. Other event types decode to empty.
 */
public final class EventDecoder {

    private EventDecoder() {
    }

    /** {@code event} is the whole EventBridge event: {@code detail-type} and {@code detail}. */
    public static Optional<DomainEvent> decode(JsonNode event) {
        if (event == null) {
            return Optional.empty();
        }
        JsonNode d = event.path("detail");
        long ts = d.path("timestamp").asLong(0);
        return Optional.ofNullable(switch (event.path("detail-type").asText("")) {
            case "RegisteredModelCreated" -> new DomainEvent.RegisteredModelCreated(text(d, "name"), tags(d),
                    text(d, "description"), ts);
            case "ModelVersionCreated" -> new DomainEvent.ModelVersionCreated(text(d, "name"), version(d),
                    text(d, "source"), text(d, "run_id"), tags(d), text(d, "description"), ts);
            case "ModelVersionTagSet" -> new DomainEvent.ModelVersionTagSet(text(d, "name"), version(d),
                    text(d, "key"), text(d, "value"), ts);
            case "ModelVersionTagDeleted" -> new DomainEvent.ModelVersionTagDeleted(text(d, "name"), version(d),
                    text(d, "key"), ts);
            case "ModelAliasSet" -> new DomainEvent.ModelAliasSet(text(d, "name"), text(d, "alias"), version(d), ts);
            case "ModelAliasDeleted" -> new DomainEvent.ModelAliasDeleted(text(d, "name"), text(d, "alias"), ts);
            default -> null;
        });
    }

    private static String text(JsonNode detail, String field) {
        JsonNode value = detail.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static int version(JsonNode detail) {
        return Integer.parseInt(detail.path("version").asText("0"));
    }

    private static Map<String, String> tags(JsonNode detail) {
        Map<String, String> tags = new LinkedHashMap<>();
        detail.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return tags;
    }
}
