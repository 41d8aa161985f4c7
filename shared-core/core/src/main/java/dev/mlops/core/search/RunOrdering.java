package dev.mlops.core.search;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.error.InvalidParameterException;
import java.util.List;
import java.util.function.Function;

/**
 * MLflow's run order: the order_by clauses in turn, then start_time DESC (unless start_time was already ordered on),
 * then run_id ASC so that pages are stable. Missing values sort last in both directions; metrics put NaN after the
 * real numbers and before missing values.
 */
public final class RunOrdering {

    private RunOrdering() {
    }

    public static java.util.Comparator<Run> comparator(List<OrderBy> orderBy) {
        java.util.Comparator<Run> result = (a, b) -> 0;
        boolean startTimeOrdered = false;
        for (OrderBy clause : orderBy) {
            result = result.thenComparing(clause(clause));
            startTimeOrdered |= clause.type() == EntityType.ATTRIBUTE && clause.key().equals("start_time");
        }
        if (!startTimeOrdered) {
            result = result.thenComparing(SortKeys.nullsLast((Run run) -> run.info().startTime(), false));
        }
        return result.thenComparing(SortKeys.nullsLast(Run::runId, true));
    }

    private static java.util.Comparator<Run> clause(OrderBy clause) {
        String key = clause.key();
        boolean asc = clause.ascending();
        return switch (clause.type()) {
            case METRIC -> SortKeys.metric(run -> metric(run, key), asc);
            case PARAM -> SortKeys.nullsLast(run -> run.params().get(key), asc);
            case TAG -> SortKeys.nullsLast(run -> run.tags().get(key), asc);
            case ATTRIBUTE -> attribute(key, asc);
            case DATASET -> throw new InvalidParameterException("Invalid order_by entity type 'dataset'");
        };
    }

    private static Double metric(Run run, String key) {
        MetricPoint latest = run.latestMetrics().get(key);
        return latest == null ? null : latest.value();
    }

    private static java.util.Comparator<Run> attribute(String key, boolean asc) {
        return switch (key) {
            case "run_id" -> text(RunInfo::runId, asc);
            case "run_name" -> text(RunInfo::runName, asc);
            case "user_id" -> text(RunInfo::userId, asc);
            case "status" -> text(info -> info.status() == null ? null : info.status().name(), asc);
            case "artifact_uri" -> text(RunInfo::artifactUri, asc);
            case "start_time" -> SortKeys.nullsLast((Run run) -> run.info().startTime(), asc);
            case "end_time" -> SortKeys.nullsLast((Run run) -> run.info().endTime(), asc);
            default -> throw new InvalidParameterException("Invalid order_by attribute key '" + key + "'");
        };
    }

    private static java.util.Comparator<Run> text(Function<RunInfo, String> field, boolean asc) {
        return SortKeys.nullsLast((Run run) -> field.apply(run.info()), asc);
    }
}
