package dev.mlops.ingestion;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mlops.core.ingest.IngestionOutcome;
import dev.mlops.core.ingest.IngestionOutcome.Accepted;
import dev.mlops.core.ingest.IngestionOutcome.Failed;
import dev.mlops.core.ingest.IngestionOutcome.Skipped;
import dev.mlops.core.ingest.IngestionReport;
import java.util.List;

/** What the function answers (an on-success destination receives it): counts and one line per event record. */
public record BatchReport(int accepted, int skipped, int failed, List<Entry> records) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String bucket, String key, String outcome, String name, String version,
                        String sha256, String reason) {
    }

    static BatchReport of(IngestionReport report) {
        List<Entry> entries = report.outcomes().stream().map(BatchReport::entry).toList();
        return new BatchReport(report.accepted().size(), report.skipped().size(), report.failed().size(), entries);
    }

    private static Entry entry(IngestionOutcome outcome) {
        return switch (outcome) {
            case Accepted a -> new Entry(a.bucket(), a.key(), "ACCEPTED", a.name(), Integer.toString(a.version()),
                    a.sha256(), null);
            case Skipped s -> new Entry(s.bucket(), s.key(), "SKIPPED", null, null, null, s.reason());
            case Failed f -> new Entry(f.bucket(), f.key(), "FAILED", null, null, null, f.reason());
        };
    }
}
