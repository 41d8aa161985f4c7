package dev.mlops.core.recovery;

import dev.mlops.core.domain.ArtifactPath;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where things live in a backend's parts: lake files, artifacts, version sources outside the artifact root, and the
 * entries that make up one record.
 */
public interface Locator {

    /** A part name and a path (an object) or path prefix (a directory) in it. */
    record Place(String part, String path) {
    }

    /** A lake file by its manifest name ({@code experiment_id=../run_id=../part-...parquet}). */
    Place lakeFile(String relativeName);

    /** The lake directory of a run's files, ending in "/". */
    Place lakeRun(String experimentId, String runId);

    /** An artifact store path. */
    Place artifact(ArtifactPath path);

    /** A source URI this backend stores outside the artifact store (S3 ingestion), if it is one. */
    Optional<Place> foreignSource(String uri);

    /** The part holding records, and which of its entries belong to the record. */
    String recordPart(RecordRef ref);

    Predicate<PartEntry> recordEntries(RecordRef ref);

    /** The record an entry of a record part belongs to, when it is the record's main entry. */
    Optional<RecordRef> recordOf(String part, PartEntry entry);
}
