package dev.mlops.core.search;

import dev.mlops.core.error.InvalidParameterException;

/** Applies one comparator to a present left-hand value; shared by the run and experiment matchers. */
final class ValueMatch {

    private ValueMatch() {
    }

    /** For keys that may be absent: IS [NOT] NULL test presence, every other comparator fails on a missing value. */
    static boolean optionalText(String lhs, Comparison clause) {
        return switch (clause.comparator()) {
            case IS_NULL -> lhs == null;
            case IS_NOT_NULL -> lhs != null;
            default -> lhs != null && text(lhs, clause);
        };
    }

    static boolean text(String lhs, Comparison clause) {
        Literal value = clause.value();
        return switch (clause.comparator()) {
            case EQ -> lhs.equals(text(value, clause));
            case NEQ -> !lhs.equals(text(value, clause));
            case LIKE -> LikePattern.like(lhs, text(value, clause));
            case ILIKE -> LikePattern.ilike(lhs, text(value, clause));
            case IN -> list(value, clause).values().contains(lhs);
            case NOT_IN -> !list(value, clause).values().contains(lhs);
            default -> throw invalid(clause, "a string");
        };
    }

    /**
     * IEEE semantics, as MLflow's stores: a NaN left-hand side fails every comparison except !=, which it always
     * passes. -0.0 equals 0.0.
     */
    static boolean number(double lhs, Comparison clause) {
        if (!(clause.value() instanceof Literal.Number(double rhs))) {
            throw invalid(clause, "a number");
        }
        return switch (clause.comparator()) {
            case EQ -> lhs == rhs;
            case NEQ -> lhs != rhs;
            case GT -> lhs > rhs;
            case GTE -> lhs >= rhs;
            case LT -> lhs < rhs;
            case LTE -> lhs <= rhs;
            default -> throw invalid(clause, "a number");
        };
    }

    private static String text(Literal value, Comparison clause) {
        if (value instanceof Literal.Text(String text)) {
            return text;
        }
        throw invalid(clause, "a string");
    }

    private static Literal.TextList list(Literal value, Comparison clause) {
        if (value instanceof Literal.TextList list) {
            return list;
        }
        throw invalid(clause, "a list");
    }

    private static InvalidParameterException invalid(Comparison clause, String kind) {
        return new InvalidParameterException("Invalid comparator '" + clause.comparator().symbol() + "' or value "
                + clause.value() + " for " + FilterSchema.label(clause.type()) + " '" + clause.key() + "', which is "
                + kind);
    }
}
