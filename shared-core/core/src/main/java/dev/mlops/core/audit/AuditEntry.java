package dev.mlops.core.audit;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One recorded state-changing call: when, who, which MLflow action, on which resources, with what outcome
 * ({@link #OK} or the MLflow error code), and the request id. It holds identifiers only: never a request body, a
 * param or tag value, or a secret. Resources are typed ids such as {@code run/<id>}, {@code experiment/<id>},
 * {@code registered_model/<name>}, {@code model_version/<name>/<version>} (see docs/dynamodb-design.md).
 */
public record AuditEntry(String id, long timestamp, String actor, String action, List<String> resources,
                         String outcome, String requestId) {

    public static final String OK = "ok";
    public static final String ANONYMOUS = "anonymous";
    public static final int MAX_RESOURCES = 8;
    public static final int MAX_TEXT = 512;

    private static final SecureRandom RANDOM = new SecureRandom();

    public AuditEntry {
        Objects.requireNonNull(id, "id");
        actor = clip(actor == null || actor.isBlank() ? ANONYMOUS : actor);
        action = clip(Objects.requireNonNull(action, "action"));
        List<String> kept = new ArrayList<>();
        for (String r : resources == null ? List.<String>of() : resources) {
            if (r != null && !r.isEmpty() && !kept.contains(clip(r)) && kept.size() < MAX_RESOURCES) {
                kept.add(clip(r));
            }
        }
        resources = List.copyOf(kept);
        outcome = clip(outcome == null ? OK : outcome);
        requestId = requestId == null ? "" : clip(requestId);
    }

    /** A new entry with a fresh random id. */
    public static AuditEntry of(long timestamp, String actor, String action, List<String> resources, String outcome,
                                String requestId) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return new AuditEntry(HexFormat.of().formatHex(bytes), timestamp, actor, action, resources, outcome,
                requestId);
    }

    /** Orders entries by time, then id: newest first is descending order of this key. */
    public String sortKey() {
        return sortKey(timestamp, id);
    }

    public static String sortKey(long timestamp, String id) {
        return timePrefix(timestamp) + "#" + id;
    }

    /** Every key of an entry at or after {@code timestamp} sorts at or above this prefix, every earlier one below. */
    public static String timePrefix(long timestamp) {
        return "%013d".formatted(Math.max(0, timestamp));
    }

    public boolean ok() {
        return OK.equals(outcome);
    }

    private static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
