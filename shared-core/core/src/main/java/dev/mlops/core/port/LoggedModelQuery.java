package dev.mlops.core.port;

import dev.mlops.core.search.DatasetRef;
import dev.mlops.core.search.LoggedModelOrder;
import dev.mlops.core.search.SearchFilter;
import java.util.List;

/**
 * A validated logged-model search over one or more experiments; {@code pageToken} is null for the first page.
 * {@code datasets}, when not empty, keeps the models with a metric logged for one of them, and restricts metric
 * clauses of the filter to those datasets, as MLflow's search does.
 */
public record LoggedModelQuery(List<String> experimentIds, SearchFilter filter, List<DatasetRef> datasets,
                               List<LoggedModelOrder> orderBy, int maxResults, String pageToken) {

    public LoggedModelQuery {
        experimentIds = List.copyOf(experimentIds);
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        orderBy = List.copyOf(orderBy);
    }

    public LoggedModelQuery(List<String> experimentIds, SearchFilter filter, List<LoggedModelOrder> orderBy,
                            int maxResults, String pageToken) {
        this(experimentIds, filter, List.of(), orderBy, maxResults, pageToken);
    }
}
