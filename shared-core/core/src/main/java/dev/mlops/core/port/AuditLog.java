package dev.mlops.core.port;

import dev.mlops.core.audit.AuditEntry;
import dev.mlops.core.audit.AuditQuery;
import java.util.List;

/**
 * Where audit entries are kept: an append-only log with indexes by actor, action and resource, so a search reads
 * what it returns and not the whole log. Entries expire after the backend's retention (400 days by default).
 * Appends come from {@link dev.mlops.core.audit.AuditRecorder}, off the request path.
 */
public interface AuditLog {

    /** Stores the entries; an entry whose id is already stored is not stored twice. */
    void append(List<AuditEntry> entries);

    /**
     * The entries matching the query, newest first. {@link Page#nextPageToken()} is the raw sort key of the last
     * entry when more may follow (the service turns it into an opaque token), else null.
     */
    Page<AuditEntry> search(AuditQuery query);
}
