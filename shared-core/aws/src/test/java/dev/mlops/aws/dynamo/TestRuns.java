package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.NewExperiment;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.search.OrderByParser;
import dev.mlops.core.search.SearchFilterParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small builders shared by the DynamoDB scenario tests. */
final class TestRuns {

    private TestRuns() {
    }

    static String experiment(MetadataStore store) {
        return store.createExperiment(new NewExperiment("exp-" + UUID.randomUUID(), null, Map.of(), 1000))
                .experimentId();
    }

    static Run run(String experimentId, long startTime, RunStatus status, Map<String, String> tags) {
        String id = UUID.randomUUID().toString().replace("-", "");
        RunInfo info = new RunInfo(id, experimentId, "run-" + id.substring(0, 6), "tester", status, startTime, null,
                "mlflow-artifacts:/" + experimentId + "/" + id + "/artifacts", LifecycleStage.ACTIVE);
        return new Run(info, Map.of(), tags, Map.of(), List.of(), List.of());
    }

    static Run run(String experimentId, long startTime) {
        return run(experimentId, startTime, RunStatus.RUNNING, Map.of());
    }

    static RunQuery query(List<String> experimentIds, String filter, List<String> orderBy, ViewType viewType,
                          int maxResults, String token) {
        return new RunQuery(experimentIds, SearchFilterParser.parseRunFilter(filter),
                OrderByParser.parseRunOrderBy(orderBy), viewType, maxResults, token);
    }

    /** Every page of a search, concatenated, with the number of pages it took. */
    static List<Run> allPages(MetadataStore store, List<String> experimentIds, String filter, List<String> orderBy,
                              int pageSize) {
        List<Run> all = new ArrayList<>();
        String token = null;
        do {
            Page<Run> page = store.searchRuns(query(experimentIds, filter, orderBy, ViewType.ACTIVE_ONLY, pageSize,
                    token));
            all.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        return all;
    }
}
