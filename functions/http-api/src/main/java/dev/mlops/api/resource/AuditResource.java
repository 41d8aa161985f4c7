package dev.mlops.api.resource;

import dev.mlops.core.audit.AuditEntry;
import dev.mlops.core.audit.AuditSearch;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/2.0/mlops/audit/search}: audit entries newest first, filtered by actor, action, resource and a
 * time window ({@code after <= timestamp < before}), paged with an opaque token.
 */
@Path("/{prefix: api|ajax-api}/2.0/mlops/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditSearch audit;

    public AuditResource(AuditSearch audit) {
        this.audit = audit;
    }

    @GET
    @Path("search")
    public Map<String, Object> search(@QueryParam("actor") String actor, @QueryParam("action") String action,
                                      @QueryParam("resource") String resource, @QueryParam("after") String after,
                                      @QueryParam("before") String before,
                                      @QueryParam("max_results") String maxResults,
                                      @QueryParam("page_token") String pageToken) {
        AuditSearch.Result result = audit.search(actor, action, resource, after, before, maxResults, pageToken);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entries", result.entries().stream().map(AuditResource::view).toList());
        if (result.nextPageToken() != null) {
            out.put("next_page_token", result.nextPageToken());
        }
        return out;
    }

    private static Map<String, Object> view(AuditEntry entry) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", entry.id());
        out.put("timestamp", entry.timestamp());
        out.put("actor", entry.actor());
        out.put("action", entry.action());
        out.put("resources", entry.resources());
        out.put("outcome", entry.outcome());
        out.put("request_id", entry.requestId());
        return out;
    }
}
