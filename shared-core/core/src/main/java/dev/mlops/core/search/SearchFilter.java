package dev.mlops.core.search;

import java.util.List;

/** A parsed filter: the clauses are AND-joined (MLflow has no OR). An empty list matches everything. */
public record SearchFilter(List<Comparison> clauses) {

    public static final SearchFilter ALL = new SearchFilter(List.of());

    public SearchFilter {
        clauses = List.copyOf(clauses);
    }
}
