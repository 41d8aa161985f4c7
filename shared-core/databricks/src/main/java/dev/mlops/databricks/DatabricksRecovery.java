package dev.mlops.databricks;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.NotSupportedException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.ArtifactEntry;
import dev.mlops.core.port.ArtifactStore;
import dev.mlops.core.recovery.Finding;
import dev.mlops.core.recovery.Locator;
import dev.mlops.core.recovery.PartEntry;
import dev.mlops.core.recovery.PartProvider;
import dev.mlops.core.recovery.RawState;
import dev.mlops.core.recovery.RecordRef;
import dev.mlops.core.recovery.RecoveryBackend;
import dev.mlops.core.recovery.RestoreJournal;
import dev.mlops.core.recovery.SnapshotStore;
import dev.mlops.core.recovery.StateView;
import dev.mlops.core.recovery.WriteFence;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What recovery can do on the Databricks backend. Model rollback works as everywhere (the registry's
 * {@code rollBack} is one MERGE, and the rollback's artifact check reads the deployment's artifact store). Snapshots,
 * restore, verify, repair and incident simulation are not offered: the tables are Delta tables, whose own history is
 * the point-in-time mechanism ({@code DESCRIBE HISTORY}, {@code RESTORE TABLE ... TO VERSION AS OF}, retention by
 * {@code delta.logRetentionDuration} and {@code delta.deletedFileRetentionDuration}). Those calls answer
 * NOT_IMPLEMENTED with that advice instead of a Java exception. With no snapshot or restore, nothing ever raises
 * the write fence, so every write is admitted.
 */
public final class DatabricksRecovery implements RecoveryBackend {

    public static final String NOT_SUPPORTED = "Snapshots, restore, verify and recover are not supported on the"
            + " Databricks backend: its tables are Delta tables, so use Delta time travel (DESCRIBE HISTORY, RESTORE"
            + " TABLE ... TO VERSION AS OF) in the workspace. Model rollback is supported.";

    private static final String ARTIFACTS = "artifacts";

    private final ArtifactStore artifacts;

    public DatabricksRecovery(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    @Override
    public String name() {
        return "databricks";
    }

    @Override
    public WriteFence fence() {
        return FENCE;
    }

    @Override
    public SnapshotStore snapshots() {
        return unsupported(SnapshotStore.class);
    }

    /** No parts: nothing here can be snapshotted or restored. */
    @Override
    public List<PartProvider> parts() {
        return List.of();
    }

    @Override
    public StateView view() {
        return unsupported(StateView.class);
    }

    @Override
    public RawState raw() {
        return raw;
    }

    @Override
    public Locator locator() {
        return locator;
    }

    /** Every read goes to the warehouse: nothing is held in memory to reload. */
    @Override
    public void reload() {
    }

    @Override
    public List<Finding> retentionRisks(long retentionHorizonMillis) {
        return List.of();
    }

    @Override
    public boolean fencesRepairs() {
        return false;
    }

    /** Admits every write; refuses to be raised, since no snapshot or restore runs on this backend. */
    private static final WriteFence FENCE = new WriteFence() {
        @Override
        public Permit admit() {
            return Permit.NONE;
        }

        @Override
        public Hold raise(Reason reason, RestoreJournal journal) {
            throw new NotSupportedException(NOT_SUPPORTED);
        }

        @Override
        public Optional<RestoreJournal> journal() {
            return Optional.empty();
        }

        @Override
        public void updateJournal(RestoreJournal journal) {
            throw new NotSupportedException(NOT_SUPPORTED);
        }

        @Override
        public void clearJournal() {
        }
    };

    /** Artifacts are the one part: model versions' files, read through the deployment's artifact store. */
    private final Locator locator = new Locator() {
        @Override
        public Place lakeFile(String relativeName) {
            throw new NotSupportedException(NOT_SUPPORTED);
        }

        @Override
        public Place lakeRun(String experimentId, String runId) {
            throw new NotSupportedException(NOT_SUPPORTED);
        }

        @Override
        public Place artifact(ArtifactPath path) {
            return new Place(ARTIFACTS, path.toString());
        }

        @Override
        public Optional<Place> foreignSource(String uri) {
            return Optional.empty();
        }

        @Override
        public String recordPart(RecordRef ref) {
            throw new NotSupportedException(NOT_SUPPORTED);
        }

        @Override
        public Predicate<PartEntry> recordEntries(RecordRef ref) {
            throw new NotSupportedException(NOT_SUPPORTED);
        }

        @Override
        public Optional<RecordRef> recordOf(String part, PartEntry entry) {
            return Optional.empty();
        }
    };

    /** Reads of the artifact store (rollback checks a version's files); no damage can be done through it. */
    private final RawState raw = new RawState() {
        @Override
        public Optional<InputStream> open(String part, String path) {
            requireArtifacts(part);
            try {
                return Optional.of(artifacts.open(ArtifactPath.parse(path)));
            } catch (ResourceNotFoundException | InvalidParameterException missing) {
                return Optional.empty();
            }
        }

        @Override
        public List<ObjectInfo> list(String part, String prefix) {
            requireArtifacts(part);
            String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            int slash = trimmed.lastIndexOf('/');
            // the prefix names a directory or a file: list its parent and keep what lies under the prefix
            String parent = prefix.endsWith("/") ? trimmed : slash < 0 ? "" : trimmed.substring(0, slash);
            List<ObjectInfo> found = new ArrayList<>();
            walk(parent.isEmpty() ? ArtifactPath.ROOT : ArtifactPath.parse(parent), found);
            found.removeIf(info -> !info.path().startsWith(prefix));
            return found;
        }

        private void walk(ArtifactPath directory, List<ObjectInfo> found) {
            for (ArtifactEntry entry : artifacts.list(directory)) {
                ArtifactPath child = directory.resolve(ArtifactPath.parse(entry.path()));
                if (entry.isDir()) {
                    walk(child, found);
                } else {
                    found.add(new ObjectInfo(child.toString(), entry.size() == null ? 0 : entry.size(), 0));
                }
            }
        }

        @Override
        public void overwrite(String part, String path, byte[] content) {
            throw new NotSupportedException(NOT_SUPPORTED);
        }

        @Override
        public void delete(String part, String path) {
            throw new NotSupportedException(NOT_SUPPORTED);
        }

        @Override
        public void deleteRecord(RecordRef ref) {
            throw new NotSupportedException(NOT_SUPPORTED);
        }

        @Override
        public boolean backdate(String part, String path, long millis) {
            return false;
        }

        @Override
        public boolean backdateBuffer(String runId, long millis) {
            return false;
        }
    };

    private static void requireArtifacts(String part) {
        if (!ARTIFACTS.equals(part)) {
            throw new NotSupportedException(NOT_SUPPORTED);
        }
    }

    /** A view of a recovery interface whose every call answers NOT_IMPLEMENTED with {@link #NOT_SUPPORTED}. */
    private static <T> T unsupported(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + "[not supported on Databricks]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new NotSupportedException(NOT_SUPPORTED);
                }));
    }
}
