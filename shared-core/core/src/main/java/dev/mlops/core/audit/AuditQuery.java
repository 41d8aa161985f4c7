package dev.mlops.core.audit;

/**
 * A search of the audit log: every filter that is not null must match ({@code resource} matches any of an entry's
 * resources), {@code after <= timestamp < before}, newest first, at most {@code maxResults}, strictly older than
 * the entry whose sort key is {@code olderThan} (the previous page's last entry) when that is set.
 */
public record AuditQuery(String actor, String action, String resource, Long after, Long before, int maxResults,
                         String olderThan) {

    public boolean matches(AuditEntry entry) {
        return (actor == null || actor.equals(entry.actor()))
                && (action == null || action.equals(entry.action()))
                && (resource == null || entry.resources().contains(resource))
                && (after == null || entry.timestamp() >= after)
                && (before == null || entry.timestamp() < before);
    }

    /** The exclusive upper bound of sort keys this page may return: the cursor or {@code before}, whichever is lower. */
    public String upperKey() {
        String bound = before == null ? null : AuditEntry.timePrefix(before);
        if (olderThan == null) {
            return bound;
        }
        return bound == null || olderThan.compareTo(bound) < 0 ? olderThan : bound;
    }

    /** A stable digest of the filters, so a page token cannot be replayed against another search. */
    String fingerprint() {
        return Integer.toHexString((actor + "\u0000" + action + "\u0000" + resource + "\u0000" + after + "\u0000"
                + before).hashCode());
    }
}
