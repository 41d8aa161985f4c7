package dev.mlops.core.webhook;

import dev.mlops.core.error.InvalidParameterException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An MLflow webhook event: an entity and an action, written {@code model_version.created}. On the wire (MLflow's
 * proto JSON) each part is the upper-case enum name, {@code {"entity": "MODEL_VERSION", "action": "CREATED"}}.
 * Only MLflow's valid combinations exist.
 */
public record WebhookEvent(Entity entity, Action action) {

    public enum Entity {
        REGISTERED_MODEL, MODEL_VERSION, MODEL_VERSION_TAG, MODEL_VERSION_ALIAS, PROMPT, PROMPT_VERSION, PROMPT_TAG,
        PROMPT_VERSION_TAG, PROMPT_ALIAS, BUDGET_POLICY;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Action {
        CREATED, UPDATED, DELETED, SET, EXCEEDED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** MLflow's VALID_ENTITY_ACTIONS. */
    private static final Map<Entity, Set<Action>> VALID = Map.of(
            Entity.REGISTERED_MODEL, EnumSet.of(Action.CREATED),
            Entity.MODEL_VERSION, EnumSet.of(Action.CREATED),
            Entity.MODEL_VERSION_TAG, EnumSet.of(Action.SET, Action.DELETED),
            Entity.MODEL_VERSION_ALIAS, EnumSet.of(Action.CREATED, Action.DELETED),
            Entity.PROMPT, EnumSet.of(Action.CREATED),
            Entity.PROMPT_VERSION, EnumSet.of(Action.CREATED),
            Entity.PROMPT_TAG, EnumSet.of(Action.SET, Action.DELETED),
            Entity.PROMPT_VERSION_TAG, EnumSet.of(Action.SET, Action.DELETED),
            Entity.PROMPT_ALIAS, EnumSet.of(Action.CREATED, Action.DELETED),
            Entity.BUDGET_POLICY, EnumSet.of(Action.EXCEEDED));

    public static final WebhookEvent REGISTERED_MODEL_CREATED = new WebhookEvent(Entity.REGISTERED_MODEL,
            Action.CREATED);
    public static final WebhookEvent MODEL_VERSION_CREATED = new WebhookEvent(Entity.MODEL_VERSION, Action.CREATED);
    public static final WebhookEvent MODEL_VERSION_TAG_SET = new WebhookEvent(Entity.MODEL_VERSION_TAG, Action.SET);
    public static final WebhookEvent MODEL_VERSION_TAG_DELETED = new WebhookEvent(Entity.MODEL_VERSION_TAG,
            Action.DELETED);
    public static final WebhookEvent MODEL_VERSION_ALIAS_CREATED = new WebhookEvent(Entity.MODEL_VERSION_ALIAS,
            Action.CREATED);
    public static final WebhookEvent MODEL_VERSION_ALIAS_DELETED = new WebhookEvent(Entity.MODEL_VERSION_ALIAS,
            Action.DELETED);

    public WebhookEvent {
        if (entity == null || action == null) {
            throw new InvalidParameterException("Webhook event needs an entity and an action.");
        }
        Set<Action> valid = VALID.get(entity);
        if (!valid.contains(action)) {
            throw new InvalidParameterException("Invalid action '" + action.value() + "' for entity '"
                    + entity.value() + "'. Valid actions are: " + valid.stream().map(a -> "'" + a.value() + "'")
                    .sorted().toList());
        }
    }

    /** From the wire's enum names (either case). */
    public static WebhookEvent parse(String entity, String action) {
        return new WebhookEvent(enumValue(Entity.class, entity, "entity"), enumValue(Action.class, action, "action"));
    }

    /** From MLflow's dotted form, {@code model_version.created}. */
    public static WebhookEvent parse(String dotted) {
        String[] parts = dotted == null ? new String[0] : dotted.split("\\.");
        if (parts.length != 2) {
            throw new InvalidParameterException("Invalid event string format: " + dotted
                    + ". Expected format: 'entity.action' (e.g., 'registered_model.created')");
        }
        return parse(parts[0], parts[1]);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String what) {
        try {
            return Enum.valueOf(type, text == null ? "" : text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("Invalid webhook event " + what + ": '" + text + "'. Valid values: "
                    + List.of(type.getEnumConstants()));
        }
    }

    @Override
    public String toString() {
        return entity.value() + "." + action.value();
    }
}
