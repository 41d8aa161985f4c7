package dev.mlops.lake;

import java.util.List;

/** What one flush did. A failed run keeps its buffer and manifest as they were; {@code file} names a bad file. */
public record FlushReport(int runs, long points, int filesWritten, int filesAdopted, int filesDeleted,
                          List<RunFailure> failures, long millis) {

    public record RunFailure(String runId, String file, String message) {
    }

    public FlushReport {
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }
}
