package dev.mlops.core.search;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.Tag;
import dev.mlops.core.error.InvalidParameterException;

/**
 * Evaluates a parsed run filter in memory, as MLflow's stores do: a missing metric, param, tag or attribute never
 * matches (except IS NULL), metrics compare against the latest value, and a dataset clause matches when any one of
 * the run's dataset inputs satisfies it (so {@code dataset.name != 'a'} matches a run that also used 'a').
 */
public final class RunMatcher {

    /** The input tag MLflow stores a dataset's context (training, eval, ...) under. */
    public static final String DATASET_CONTEXT_TAG = "mlflow.data.context";

    private RunMatcher() {
    }

    public static boolean matches(SearchFilter filter, Run run) {
        for (Comparison clause : filter.clauses()) {
            if (!matches(clause, run)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Comparison clause, Run run) {
        return switch (clause.type()) {
            case METRIC -> metric(run.latestMetrics().get(clause.key()), clause);
            case PARAM -> ValueMatch.optionalText(run.params().get(clause.key()), clause);
            case TAG -> ValueMatch.optionalText(run.tags().get(clause.key()), clause);
            case ATTRIBUTE -> attribute(run, clause);
            case DATASET -> dataset(run, clause);
        };
    }

    private static boolean metric(MetricPoint latest, Comparison clause) {
        return latest != null && ValueMatch.number(latest.value(), clause);
    }

    private static boolean attribute(Run run, Comparison clause) {
        RunInfo info = run.info();
        return switch (clause.key()) {
            case "run_id" -> ValueMatch.optionalText(info.runId(), clause);
            case "run_name" -> ValueMatch.optionalText(runName(run), clause);
            case "user_id" -> ValueMatch.optionalText(info.userId(), clause);
            case "status" -> ValueMatch.optionalText(info.status() == null ? null : info.status().name(), clause);
            case "artifact_uri" -> ValueMatch.optionalText(info.artifactUri(), clause);
            case "start_time" -> ValueMatch.number(info.startTime(), clause);
            case "end_time" -> info.endTime() != null && ValueMatch.number(info.endTime(), clause);
            default -> throw new InvalidParameterException("Invalid attribute key '" + clause.key() + "' specified");
        };
    }

    /** MLflow's SQL store reads run_name from the mlflow.runName tag; fall back to it when the header has none. */
    private static String runName(Run run) {
        String name = run.info().runName();
        return name != null ? name : run.tags().get(Run.RUN_NAME_TAG);
    }

    private static boolean dataset(Run run, Comparison clause) {
        for (DatasetInput input : run.datasetInputs()) {
            if (clause.key().equals("context")) {
                for (Tag tag : input.tags()) {
                    if (DATASET_CONTEXT_TAG.equals(tag.key()) && tag.value() != null
                            && ValueMatch.text(tag.value(), clause)) {
                        return true;
                    }
                }
            } else if (ValueMatch.optionalText(datasetField(input.dataset(), clause.key()), clause)) {
                return true;
            }
        }
        return false;
    }

    private static String datasetField(DatasetInput.Dataset dataset, String key) {
        return switch (key) {
            case "name" -> dataset.name();
            case "digest" -> dataset.digest();
            default -> throw new InvalidParameterException("Invalid dataset key '" + key + "' specified");
        };
    }
}
