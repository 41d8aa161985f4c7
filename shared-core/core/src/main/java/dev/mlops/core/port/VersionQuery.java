package dev.mlops.core.port;

import dev.mlops.core.search.SearchFilter;
import java.util.List;

/** A validated model-version search; {@code orderBy} holds MLflow clauses such as "version_number DESC". */
public record VersionQuery(SearchFilter filter, List<String> orderBy, int maxResults, String pageToken) {

    public VersionQuery {
        orderBy = List.copyOf(orderBy);
    }
}
