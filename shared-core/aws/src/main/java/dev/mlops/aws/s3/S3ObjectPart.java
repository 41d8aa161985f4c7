package dev.mlops.aws.s3;

import dev.mlops.core.service.Parallel;
import dev.mlops.core.recovery.PartEntry;
import dev.mlops.core.recovery.PartProvider;
import dev.mlops.core.recovery.SnapshotStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A prefix of the versioned bucket as a snapshot part ({@code mlflow/} artifacts, {@code lake/} files,
 * {@code incoming/} ingested models). An entry references an object version by id: nothing is copied, and a delete
 * or an overwrite leaves the version in place. Restore copies a referenced version back onto its key when the key's
 * current bytes differ, and deletes keys the snapshot lacks (a delete marker: the bytes stay). Garbage collection is
 * the only thing that removes versions, and only ones no retained snapshot references.
 */
public final class S3ObjectPart implements PartProvider, PartProvider.RestoresEntries, PartProvider.KeepsVersions,
        PartProvider.Quarantines, PartProvider.CollectsGarbage {

    private final String name;
    private final String prefix;
    private final S3Versions versions;
    private final Duration gcGrace;

    public S3ObjectPart(String name, String prefix, S3Versions versions, Duration gcGrace) {
        this.name = name;
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        this.versions = versions;
        this.gcGrace = gcGrace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String provider() {
        return "s3-objects";
    }

    public String prefix() {
        return prefix;
    }

    /** Lists current versions under the fence; digests come after (most from the index, without a read). */
    @Override
    public Capture capture() {
        List<S3Versions.Version> current = versions.current(prefix);
        return store -> {
            List<PartEntry> entries = hashed(current);
            versions.save();
            return entries;
        };
    }

    @Override
    public List<PartEntry> live() {
        return hashed(versions.current(prefix));
    }

    @Override
    public Map<String, Long> counts(List<PartEntry> entries, SnapshotStore store) {
        Map<String, Long> counts = new HashMap<>();
        counts.put(name + "_files", (long) entries.size());
        counts.put(name + "_bytes", entries.stream().mapToLong(PartEntry::size).sum());
        return counts;
    }

    /** Reads every referenced version and digests its bytes. */
    @Override
    public List<String> verifyObjects(List<PartEntry> entries, SnapshotStore store) {
        List<String> problems = new ArrayList<>();
        List<String> results = parallel(entries, e -> {
            try {
                String actual = versions.hashBytes(e.path(), e.version());
                return actual.equals(e.sha256()) ? null : e.path() + " version " + e.version() + " digests to "
                        + actual + ", recorded " + e.sha256();
            } catch (RuntimeException gone) {
                return e.path() + " version " + e.version() + " cannot be read: " + gone.getMessage();
            }
        });
        results.stream().filter(r -> r != null).forEach(problems::add);
        return problems;
    }

    @Override
    public RestoreCount restore(List<PartEntry> entries, SnapshotStore store) {
        Map<String, S3Versions.Version> current = new HashMap<>();
        versions.current(prefix).forEach(v -> current.put(v.key(), v));
        long written = write(entries, current);
        Set<String> wanted = new HashSet<>();
        entries.forEach(e -> wanted.add(e.path()));
        long removed = 0;
        for (String key : current.keySet()) {
            if (!wanted.contains(key)) {
                delete(key);
                removed++;
            }
        }
        return new RestoreCount(written, removed);
    }

    @Override
    public void restoreEntries(List<PartEntry> entries, SnapshotStore store) {
        Map<String, S3Versions.Version> current = new HashMap<>();
        entries.forEach(e -> versions.current(e.path()).stream().filter(v -> v.key().equals(e.path()))
                .forEach(v -> current.put(v.key(), v)));
        write(entries, current);
    }

    @Override
    public List<PartEntry> versions(String path) {
        return versions.list(path).stream().filter(v -> v.key().equals(path) && !v.deleteMarker())
                .map(v -> PartEntry.object(v.key(), v.size(), versions.sha256(v.key(), v.versionId()), v.versionId()))
                .toList();
    }

    @Override
    public void makeCurrent(PartEntry version) {
        versions.makeCurrent(version.path(), version.version());
    }

    /** A delete marker on the key: readers no longer see it, and its version stays for anyone who wants it. */
    @Override
    public String quarantine(String path) {
        String version = versions.current(path).stream().filter(v -> v.key().equals(path)).findFirst()
                .map(S3Versions.Version::versionId).orElse("?");
        delete(path);
        return "noncurrent version " + version + " of " + path;
    }

    /**
     * Permanently deletes noncurrent versions that no retained snapshot references and that stopped being current
     * longer than the grace ago (a restore may still be about to use a just-replaced version).
     */
    @Override
    public long collect(List<List<PartEntry>> retained, long nowMillis) {
        Set<String> referenced = new HashSet<>();
        retained.forEach(entries -> entries.forEach(e -> referenced.add(e.path() + "\n" + e.version())));
        long freed = 0;
        List<S3Versions.Version> all = versions.list(prefix);
        for (int i = 0; i < all.size(); i++) {
            S3Versions.Version v = all.get(i);
            if (v.latest() || v.deleteMarker() || referenced.contains(v.key() + "\n" + v.versionId())) {
                continue;
            }
            S3Versions.Version newer = i > 0 && all.get(i - 1).key().equals(v.key()) ? all.get(i - 1) : null;
            long noncurrentSince = newer == null ? v.lastModified() : newer.lastModified();
            if (nowMillis - noncurrentSince > gcGrace.toMillis()) {
                try {
                    versions.client().deleteObject(b -> b.bucket(versions.bucket()).key(v.key())
                            .versionId(v.versionId()));
                    freed += v.size();
                } catch (SdkException e) {
                    throw S3Failures.translate("delete old version of " + v.key(), e);
                }
            }
        }
        return freed;
    }

    private long write(List<PartEntry> entries, Map<String, S3Versions.Version> current) {
        List<Boolean> wrote = parallel(entries, e -> {
            S3Versions.Version now = current.get(e.path());
            if (now != null && (now.versionId().equals(e.version())
                    || versions.sha256(now.key(), now.versionId()).equals(e.sha256()))) {
                return false;
            }
            versions.makeCurrent(e.path(), e.version());
            return true;
        });
        return wrote.stream().filter(Boolean::booleanValue).count();
    }

    private void delete(String key) {
        try {
            versions.client().deleteObject(b -> b.bucket(versions.bucket()).key(key));
        } catch (SdkException e) {
            throw S3Failures.translate("delete " + key, e);
        }
    }

    private List<PartEntry> hashed(List<S3Versions.Version> current) {
        return parallel(current, v -> PartEntry.object(v.key(), v.size(), versions.sha256(v.key(), v.versionId()),
                v.versionId()));
    }

    private static <T, R> List<R> parallel(List<T> inputs, Function<T, R> call) {
        return Parallel.map(inputs, Parallel.DEFAULT_WIDTH, call);
    }
}
