package dev.mlops.core.recovery;

/** A record by kind and id, the unit single-record recovery restores. */
public record RecordRef(Kind kind, String id) {

    public enum Kind { EXPERIMENT, RUN, MODEL, LOGGED_MODEL }

    public static RecordRef run(String runId) {
        return new RecordRef(Kind.RUN, runId);
    }

    public static RecordRef experiment(String experimentId) {
        return new RecordRef(Kind.EXPERIMENT, experimentId);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " " + id;
    }
}
