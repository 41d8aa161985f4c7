package dev.mlops.ingestion;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.ingest.ArtifactIngestion;
import dev.mlops.core.ingest.IngestionReport;
import dev.mlops.core.recovery.WriteFence;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * S3 ObjectCreated notifications in, a {@link BatchReport} out. Every record is processed; when some failed for a
 * reason redelivery could fix (storage unavailable), the invocation then fails so Lambda retries the event, which
 * the idempotency keys make safe for the records that already succeeded.
 */
@Named("ingestion")
public class IngestionHandler implements RequestHandler<JsonNode, BatchReport> {

    @Inject
    ArtifactIngestion ingestion;

    @Inject
    WriteFence fence;

    @Override
    public BatchReport handleRequest(JsonNode event, Context context) {
        IngestionReport report;
        // registering versions is a write: refused while a restore runs (the failed invocation is retried)
        try (WriteFence.Permit permit = fence.admit()) {
            report = ingestion.ingest(S3EventRecords.of(event));
        }
        BatchReport answer = BatchReport.of(report);
        if (report.hasRetryableFailures()) {
            throw new RetryableIngestionFailure(answer);
        }
        return answer;
    }

    /** Fails the invocation so Lambda redelivers the event; the message lists what failed, the log has details. */
    public static final class RetryableIngestionFailure extends RuntimeException {

        RetryableIngestionFailure(BatchReport report) {
            super(report.failed() + " of " + report.records().size() + " records failed and may succeed on retry: "
                    + report.records().stream().filter(e -> e.outcome().equals("FAILED"))
                    .map(e -> e.key() + " (" + e.reason() + ")").toList());
        }
    }
}
