package dev.mlops.core.port;

import dev.mlops.core.search.OrderBy;
import dev.mlops.core.search.SearchFilter;
import java.util.List;

/** A validated logged-model search over one or more experiments; {@code pageToken} is null for the first page. */
public record LoggedModelQuery(List<String> experimentIds, SearchFilter filter, List<OrderBy> orderBy,
                               int maxResults, String pageToken) {

    public LoggedModelQuery {
        experimentIds = List.copyOf(experimentIds);
        orderBy = List.copyOf(orderBy);
    }
}
