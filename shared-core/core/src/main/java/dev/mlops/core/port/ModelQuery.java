package dev.mlops.core.port;

import dev.mlops.core.search.SearchFilter;
import java.util.List;

/** A validated registered-model search; {@code orderBy} holds MLflow clauses such as "name ASC". */
public record ModelQuery(SearchFilter filter, List<String> orderBy, int maxResults, String pageToken) {

    public ModelQuery {
        orderBy = List.copyOf(orderBy);
    }
}
