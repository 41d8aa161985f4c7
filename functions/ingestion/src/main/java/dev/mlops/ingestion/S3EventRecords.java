package dev.mlops.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.ingest.ObjectCreated;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records of an S3 event notification (eventVersion 2.x, as S3 invokes a Lambda) into core records.
 * Missing fields stay null for ingestion to refuse, so one malformed record cannot hide the others. S3's
 * {@code s3:TestEvent}, sent when a notification is configured, has no Records and yields none.
 */
final class S3EventRecords {

    private S3EventRecords() {
    }

    static List<ObjectCreated> of(JsonNode event) {
        List<ObjectCreated> records = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            JsonNode s3 = record.path("s3");
            JsonNode object = s3.path("object");
            records.add(new ObjectCreated(text(record.path("eventName")), text(s3.path("bucket").path("name")),
                    text(object.path("key")), object.path("size").asLong(-1), text(object.path("eTag")),
                    text(object.path("versionId")), text(record.path("userIdentity").path("principalId"))));
        }
        return records;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
