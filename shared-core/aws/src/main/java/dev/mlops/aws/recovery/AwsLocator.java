package dev.mlops.aws.recovery;

import dev.mlops.aws.dynamo.DynamoRecords;
import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.recovery.Locator;
import dev.mlops.core.recovery.PartEntry;
import dev.mlops.core.recovery.RecordRef;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Where things are on AWS: object parts by key prefix in the one bucket, records in the metadata table. */
final class AwsLocator implements Locator {

    private final String bucket;
    private final String artifactPrefix;
    private final String lakePrefix;
    /** part name by key prefix, for sources outside the artifact store */
    private final Map<String, String> partsByPrefix;

    AwsLocator(String bucket, String artifactPrefix, String lakePrefix, Map<String, String> partsByPrefix) {
        this.bucket = bucket;
        this.artifactPrefix = artifactPrefix.endsWith("/") ? artifactPrefix : artifactPrefix + "/";
        this.lakePrefix = lakePrefix.endsWith("/") ? lakePrefix : lakePrefix + "/";
        this.partsByPrefix = Map.copyOf(partsByPrefix);
    }

    @Override
    public Place lakeFile(String relativeName) {
        return new Place("lake", lakePrefix + relativeName);
    }

    @Override
    public Place lakeRun(String experimentId, String runId) {
        return new Place("lake", lakePrefix + "experiment_id=" + experimentId + "/run_id=" + runId + "/");
    }

    @Override
    public Place artifact(ArtifactPath path) {
        return new Place("artifacts", path.isRoot() ? artifactPrefix : artifactPrefix + path);
    }

    @Override
    public Optional<Place> foreignSource(String uri) {
        String ours = "s3://" + bucket + "/";
        if (uri == null || !uri.startsWith(ours)) {
            return Optional.empty();
        }
        String key = uri.substring(ours.length());
        int fragment = key.indexOf('#');
        String plain = fragment < 0 ? key : key.substring(0, fragment);
        return partsByPrefix.entrySet().stream().filter(e -> plain.startsWith(e.getKey())).findFirst()
                .map(e -> new Place(e.getValue(), plain));
    }

    @Override
    public String recordPart(RecordRef ref) {
        return ref.kind() == RecordRef.Kind.MODEL ? "registry" : "metadata";
    }

    @Override
    public Predicate<PartEntry> recordEntries(RecordRef ref) {
        return DynamoRecords.entries(ref);
    }

    @Override
    public Optional<RecordRef> recordOf(String part, PartEntry entry) {
        return "metadata".equals(part) ? DynamoRecords.recordOf(entry) : Optional.empty();
    }
}
