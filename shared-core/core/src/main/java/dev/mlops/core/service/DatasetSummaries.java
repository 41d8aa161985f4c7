package dev.mlops.core.service;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.domain.ViewType;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.MetadataStore;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.search.SearchFilter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * experiments/search-datasets, which the web UI uses to offer dataset filters: the distinct (experiment, dataset
 * name, digest, {@code mlflow.data.context}) of the inputs the experiments' runs logged, at most 1,000, for at most
 * 20 experiments, as MLflow's server answers.
 */
final class DatasetSummaries {

    static final int MAX_EXPERIMENTS = 20;
    static final int MAX_RESULTS = 1000;
    private static final String CONTEXT_TAG = "mlflow.data.context";
    private static final int PAGE = 1000;

    private DatasetSummaries() {
    }

    static List<DatasetSummary> search(MetadataStore metadata, List<String> experimentIds) {
        if (experimentIds == null || experimentIds.isEmpty()) {
            throw new InvalidParameterException("SearchDatasets request must specify at least one experiment_id.");
        }
        if (experimentIds.size() > MAX_EXPERIMENTS) {
            throw new InvalidParameterException("SearchDatasets request cannot specify more than " + MAX_EXPERIMENTS
                    + " experiment_ids. Received " + experimentIds.size() + " experiment_ids.");
        }
        experimentIds.forEach(Validation::experimentId);
        Set<DatasetSummary> found = new LinkedHashSet<>();
        String token = null;
        do {
            Page<Run> page = metadata.searchRuns(new RunQuery(List.copyOf(new LinkedHashSet<>(experimentIds)),
                    SearchFilter.ALL, List.of(), ViewType.ALL, PAGE, token));
            for (Run run : page.items()) {
                for (DatasetInput input : run.datasetInputs()) {
                    if (found.size() < MAX_RESULTS && input.dataset() != null) {
                        found.add(new DatasetSummary(run.info().experimentId(), input.dataset().name(),
                                input.dataset().digest(), context(input)));
                    }
                }
            }
            token = page.nextPageToken();
        } while (token != null && found.size() < MAX_RESULTS);
        return List.copyOf(found);
    }

    private static String context(DatasetInput input) {
        return input.tags().stream().filter(t -> CONTEXT_TAG.equals(t.key())).map(Tag::value).findFirst()
                .orElse(null);
    }
}
