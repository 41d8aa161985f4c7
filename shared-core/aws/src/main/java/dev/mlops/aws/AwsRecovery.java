package dev.mlops.aws;

import dev.mlops.aws.dynamo.AwsStateView;
import dev.mlops.aws.dynamo.DynamoCounts;
import dev.mlops.aws.dynamo.DynamoGuard;
import dev.mlops.aws.dynamo.DynamoRecords;
import dev.mlops.aws.dynamo.DynamoTablePart;
import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.aws.dynamo.DynamoWriteFence;
import dev.mlops.aws.recovery.AwsRecoveryParts;
import dev.mlops.aws.s3.LifecycleGuard;
import dev.mlops.aws.s3.S3ObjectPart;
import dev.mlops.aws.s3.S3SnapshotStore;
import dev.mlops.aws.s3.S3Versions;
import dev.mlops.core.port.Backend;
import dev.mlops.core.recovery.Finding;
import dev.mlops.core.recovery.Locator;
import dev.mlops.core.recovery.PartProvider;
import dev.mlops.core.recovery.RawState;
import dev.mlops.core.recovery.RecoveryBackend;
import dev.mlops.core.recovery.SnapshotStore;
import dev.mlops.core.recovery.StateView;
import dev.mlops.core.recovery.WriteFence;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recovery on AWS. Parts, in restore order: the bucket prefixes (lake files, artifacts, ingested models; referenced
 * by version id), then the three tables (every item). Another table or prefix is one more entry in {@link #parts()}.
 * Holds its own SDK clients; close it with the backend.
 */
public final class AwsRecovery implements RecoveryBackend, AutoCloseable {

    /**
     * @param fenceCache   how long a writer trusts its last read of the fence
     * @param fenceDrain   how long a raised fence waits for writes admitted just before (beyond the cache time)
     * @param snapshotWait how long a writer waits out a snapshot capture before 503
     * @param maxHold      a snapshot's or repair's fence expires after this if its holder dies
     * @param gcGrace      noncurrent object versions younger than this are never collected
     */
    public record Settings(Duration fenceCache, Duration fenceDrain, Duration snapshotWait, Duration maxHold,
                           Duration gcGrace, String lakePrefix, String ingestedPrefix) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofDays(1), "lake/", "incoming/");
    }

    private final AwsClients clients;
    private final DynamoWriteFence fence;
    private final S3SnapshotStore snapshots;
    private final List<PartProvider> parts;
    private final AwsStateView view;
    private final RawState raw;
    private final Locator locator;
    private final LifecycleGuard lifecycle;

    private AwsRecovery(AwsClients clients, Backend backend, Settings settings) {
        AwsSettings aws = clients.settings();
        this.clients = clients;
        DynamoTables tables = DynamoTables.of(aws);
        DynamoGuard guard = DynamoGuard.standard();
        S3Versions versions = new S3Versions(clients.s3(), aws.bucket());
        this.fence = new DynamoWriteFence(clients.dynamo(), tables, guard, settings.fenceCache(),
                settings.fenceDrain(), settings.snapshotWait(), settings.maxHold());
        this.snapshots = new S3SnapshotStore(versions);
        String artifacts = aws.artifactPrefix() + "/";
        this.parts = List.of(
                new S3ObjectPart("lake", settings.lakePrefix(), versions, settings.gcGrace()),
                new S3ObjectPart("artifacts", artifacts, versions, settings.gcGrace()),
                new S3ObjectPart("ingested", settings.ingestedPrefix(), versions, settings.gcGrace()),
                new DynamoTablePart("metric-buffer", clients.dynamo(), tables.metrics(), "run", "batch", guard,
                        DynamoTablePart.expired(DynamoTables.METRIC_EXPIRES_ATTRIBUTE), DynamoCounts::metrics),
                new DynamoTablePart("registry", clients.dynamo(), tables.registry(), "pk", "sk", guard,
                        item -> false, DynamoCounts::registry),
                new DynamoTablePart("metadata", clients.dynamo(), tables.metadata(), "pk", "sk", guard,
                        DynamoWriteFence::isFenceItem, DynamoCounts::metadata));
        Map<String, String> prefixes = new LinkedHashMap<>();
        prefixes.put("lake", settings.lakePrefix());
        prefixes.put("artifacts", artifacts);
        prefixes.put("ingested", settings.ingestedPrefix());
        Map<String, String> byPrefix = new LinkedHashMap<>();
        prefixes.forEach((part, prefix) -> byPrefix.put(prefix, part));
        this.view = new AwsStateView(backend.metadata(), backend.registry(), backend.loggedModels(), clients.dynamo(),
                tables, guard);
        DynamoRecords records = new DynamoRecords(clients.dynamo(), tables, guard);
        this.raw = AwsRecoveryParts.raw(versions, records, prefixes);
        this.locator = AwsRecoveryParts.locator(aws.bucket(), artifacts, settings.lakePrefix(), byPrefix);
        this.lifecycle = new LifecycleGuard(clients.s3(), aws.bucket(), List.copyOf(prefixes.values()));
    }

    /** Recovery over the backend's tables and bucket, with clients of its own. */
    public static AwsRecovery open(AwsSettings settings, Backend backend, Settings recovery) {
        AwsClients clients = new AwsClients(settings, List.of());
        try {
            return new AwsRecovery(clients, backend, recovery);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "aws";
    }

    @Override
    public WriteFence fence() {
        return fence;
    }

    @Override
    public SnapshotStore snapshots() {
        return snapshots;
    }

    @Override
    public List<PartProvider> parts() {
        return parts;
    }

    @Override
    public StateView view() {
        return view;
    }

    @Override
    public RawState raw() {
        return raw;
    }

    @Override
    public Locator locator() {
        return locator;
    }

    /** Every read goes to DynamoDB and S3: there is nothing in memory to reload. */
    @Override
    public void reload() {
    }

    @Override
    public boolean fencesRepairs() {
        return false;
    }

    @Override
    public List<Finding> retentionRisks(long retentionHorizonMillis) {
        return lifecycle.risks(retentionHorizonMillis);
    }

    @Override
    public void close() {
        clients.close();
    }
}
