package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.port.RunQuery;
import dev.mlops.core.search.Comparator;
import dev.mlops.core.search.Comparison;
import dev.mlops.core.search.EntityType;
import dev.mlops.core.search.Literal;
import dev.mlops.core.search.OrderBy;
import dev.mlops.core.search.SearchFilter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a run search reads DynamoDB. The narrowest index a clause allows supplies the candidate headers (run ids by
 * key, else the parent index, else the status index, else the experiment index); attribute clauses are checked on the
 * header alone; only the data items the filter and order name are fetched for the survivors. Every clause is still
 * evaluated by RunMatcher, so an index only has to return a superset.
 *
 * @param source       where candidate headers come from
 * @param dataKeys     sort keys ({@code M#acc}, {@code P#lr}, {@code T#x}) to fetch per candidate
 * @param needsInputs  a dataset clause needs the run's dataset inputs
 * @param headerFilter clauses decidable on the header item alone
 * @param indexOrdered the requested order is the indexes' order (start_time DESC, run_id ASC), so a page can stop
 *                     early; otherwise every match is collected and sorted
 */
record SearchPlan(Source source, List<String> dataKeys, boolean needsInputs, SearchFilter headerFilter,
                  boolean indexOrdered) {

    /** Where candidate headers come from. */
    sealed interface Source {
        record ByExperiment() implements Source {
        }

        record ByStatus(Set<RunStatus> statuses) implements Source {
        }

        record ByParent(String parentRunId) implements Source {
        }

        record ByRunIds(List<String> runIds) implements Source {
        }
    }

    static SearchPlan of(RunQuery query) {
        Source source = new Source.ByExperiment();
        int rank = 0;
        Set<String> dataKeys = new LinkedHashSet<>();
        boolean needsInputs = false;
        List<Comparison> headerClauses = new ArrayList<>();
        for (Comparison clause : query.filter().clauses()) {
            Source narrower = narrower(clause);
            if (narrower != null && rank(narrower) > rank) {
                source = narrower;
                rank = rank(narrower);
            }
            switch (clause.type()) {
                case METRIC -> dataKeys.add(MetaSchema.METRIC + clause.key());
                case PARAM -> dataKeys.add(MetaSchema.PARAM + clause.key());
                case TAG -> dataKeys.add(MetaSchema.TAG + clause.key());
                case DATASET -> needsInputs = true;
                case ATTRIBUTE -> {
                    if (clause.key().equals("run_name")) {
                        dataKeys.add(MetaSchema.TAG + Run.RUN_NAME_TAG);
                    } else {
                        headerClauses.add(clause);
                    }
                }
            }
        }
        for (OrderBy order : query.orderBy()) {
            switch (order.type()) {
                case METRIC -> dataKeys.add(MetaSchema.METRIC + order.key());
                case PARAM -> dataKeys.add(MetaSchema.PARAM + order.key());
                case TAG -> dataKeys.add(MetaSchema.TAG + order.key());
                default -> {
                }
            }
        }
        List<OrderBy> orderBy = query.orderBy();
        boolean indexOrdered = orderBy.isEmpty() || (orderBy.size() == 1
                && orderBy.get(0).type() == EntityType.ATTRIBUTE && orderBy.get(0).key().equals("start_time")
                && !orderBy.get(0).ascending());
        return new SearchPlan(source, List.copyOf(dataKeys), needsInputs, new SearchFilter(headerClauses),
                indexOrdered);
    }

    /** The index a single clause could be answered from, or null. */
    private static Source narrower(Comparison clause) {
        List<String> values = equalityValues(clause);
        if (values == null) {
            return null;
        }
        if (clause.type() == EntityType.ATTRIBUTE && clause.key().equals("run_id")) {
            return new Source.ByRunIds(values);
        }
        if (clause.type() == EntityType.TAG && clause.key().equals(Run.PARENT_RUN_TAG) && values.size() == 1) {
            return new Source.ByParent(values.get(0));
        }
        if (clause.type() == EntityType.ATTRIBUTE && clause.key().equals("status")) {
            Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
            for (RunStatus status : RunStatus.values()) {
                if (values.contains(status.name())) {
                    statuses.add(status);
                }
            }
            return new Source.ByStatus(statuses);
        }
        return null;
    }

    /** The values an = or IN clause accepts; null for any other comparator. */
    private static List<String> equalityValues(Comparison clause) {
        if (clause.comparator() == Comparator.EQ && clause.value() instanceof Literal.Text(String text)) {
            return List.of(text);
        }
        if (clause.comparator() == Comparator.IN && clause.value() instanceof Literal.TextList(List<String> list)) {
            return list;
        }
        return null;
    }

    private static int rank(Source source) {
        return switch (source) {
            case Source.ByExperiment e -> 0;
            case Source.ByStatus s -> 1;
            case Source.ByParent p -> 2;
            case Source.ByRunIds r -> 3;
        };
    }
}
