package dev.mlops.core.port;

import dev.mlops.core.domain.ViewType;
import dev.mlops.core.search.OrderBy;
import dev.mlops.core.search.SearchFilter;
import java.util.List;

/** A validated experiment search; {@code pageToken} is null for the first page. */
public record ExperimentQuery(SearchFilter filter, List<OrderBy> orderBy, ViewType viewType, int maxResults,
                              String pageToken) {

    public ExperimentQuery {
        orderBy = List.copyOf(orderBy);
    }
}
