package dev.mlops.aws.secrets;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret's current value. Not a record on purpose: a record's accessor, equals and serializers would all expose
 * the value. Here only {@link #reveal()} returns it, and both {@code toString} and JSON show {@code ****}.
 */
public final class Secret {

    private final String id;
    private final String versionId;
    private final String value;

    public Secret(String id, String versionId, String value) {
        this.id = Objects.requireNonNull(id, "id");
        this.versionId = versionId;
        this.value = Objects.requireNonNull(value, "value");
    }

    public String id() {
        return id;
    }

    /** The Secrets Manager version the value came from; a rotation changes it. */
    public String versionId() {
        return versionId;
    }

    /** The value itself: pass it straight to the call that needs it, never to a log or message. */
    public String reveal() {
        return value;
    }

    /** Same id and same value, compared in constant time. */
    boolean sameValueAs(Secret other) {
        return id.equals(other.id) && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && Objects.equals(versionId, other.versionId) && sameValueAs(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, versionId);
    }

    @JsonValue
    @Override
    public String toString() {
        return "Secret[id=" + id + ", version=" + versionId + ", value=****]";
    }
}
