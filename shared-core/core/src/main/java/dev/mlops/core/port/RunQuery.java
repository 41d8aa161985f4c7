package dev.mlops.core.port;

import dev.mlops.core.domain.ViewType;
import dev.mlops.core.search.OrderBy;
import dev.mlops.core.search.SearchFilter;
import java.util.List;

/** A validated run search over some experiments; {@code pageToken} is null for the first page. */
public record RunQuery(List<String> experimentIds, SearchFilter filter, List<OrderBy> orderBy, ViewType viewType,
                       int maxResults, String pageToken) {

    public RunQuery {
        experimentIds = List.copyOf(experimentIds);
        orderBy = List.copyOf(orderBy);
    }
}
