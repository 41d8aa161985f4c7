package dev.mlops.core.ingest;

import java.util.List;

/** The outcome of every record of one batch, in event order. */
public record IngestionReport(List<IngestionOutcome> outcomes) {

    public IngestionReport {
        outcomes = List.copyOf(outcomes);
    }

    public List<IngestionOutcome.Accepted> accepted() {
        return only(IngestionOutcome.Accepted.class);
    }

    public List<IngestionOutcome.Skipped> skipped() {
        return only(IngestionOutcome.Skipped.class);
    }

    public List<IngestionOutcome.Failed> failed() {
        return only(IngestionOutcome.Failed.class);
    }

    /** Whether redelivering the batch could help: some record failed for a reason other than its input. */
    public boolean hasRetryableFailures() {
        return failed().stream().anyMatch(IngestionOutcome.Failed::retryable);
    }

    private <T extends IngestionOutcome> List<T> only(Class<T> type) {
        return outcomes.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
