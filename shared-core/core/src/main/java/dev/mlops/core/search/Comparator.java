package dev.mlops.core.search;

/**
 * The comparison operators of MLflow's filter grammar. {@code IS NULL} / {@code IS NOT NULL} exist since MLflow 3
 * for params and tags (and experiment tags); they carry no value.
 */
public enum Comparator {
    EQ("="),
    NEQ("!="),
    GT(">"),
    GTE(">="),
    LT("<"),
    LTE("<="),
    LIKE("LIKE"),
    ILIKE("ILIKE"),
    IN("IN"),
    NOT_IN("NOT IN"),
    IS_NULL("IS NULL"),
    IS_NOT_NULL("IS NOT NULL");

    private final String symbol;

    Comparator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** True for IN and NOT IN, whose right-hand side is a {@link Literal.TextList}. */
    public boolean takesList() {
        return this == IN || this == NOT_IN;
    }

    /** True for IS NULL and IS NOT NULL, which have no right-hand side. */
    public boolean takesNoValue() {
        return this == IS_NULL || this == IS_NOT_NULL;
    }
}
