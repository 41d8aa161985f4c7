package dev.mlops.core.local;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.Run;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.recovery.StateView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The local state as the files on disk hold it now, parsed afresh on every call: the server's in-memory indices are
 * not consulted, so a file deleted or damaged by hand shows up even while the server runs. Buffer logs are read
 * without cutting torn tails (that repair is the store's, on its next use).
 */
final class LocalStateView implements StateView {

    private final Path dataDir;

    LocalStateView(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public List<Experiment> experiments() {
        return read("meta/experiments", Experiment.class, null);
    }

    @Override
    public List<Run> runs() {
        return read("meta/runs", Run.class, null);
    }

    @Override
    public List<RegisteredModel> models() {
        return read("meta/registry", LocalRegistryStore.ModelFile.class, null).stream()
                .map(LocalRegistryStore.ModelFile::model).toList();
    }

    @Override
    public List<ModelVersion> versions() {
        return read("meta/registry", LocalRegistryStore.ModelFile.class, null).stream()
                .flatMap(f -> f.versions().stream()).toList();
    }

    @Override
    public List<LoggedModel> loggedModels() {
        return read("meta/logged-models", LoggedModel.class, null);
    }

    @Override
    public List<BufferState> buffers() {
        Path dir = dataDir.resolve("metrics");
        Set<String> runIds = new TreeSet<>();
        for (Path file : list(dir)) {
            String name = file.getFileName().toString();
            if (name.endsWith(".manifest.json")) {
                runIds.add(name.substring(0, name.length() - ".manifest.json".length()));
            } else if (name.endsWith(".log") && !name.startsWith(".")) {
                runIds.add(name.substring(0, name.length() - ".log".length()));
            }
        }
        Map<String, String> experimentOf = new HashMap<>();
        runs().forEach(r -> experimentOf.put(r.runId(), r.info().experimentId()));
        List<BufferState> buffers = new ArrayList<>();
        for (String runId : runIds) {
            LakeManifest manifest = manifest(dir.resolve(runId + ".manifest.json"), runId);
            Set<String> covered = manifest.coveredBatches();
            Set<String> uncovered = new HashSet<>();
            long[] pending = {0};
            Path log = dir.resolve(runId + ".log");
            MetricLog.readFrames(log, payload -> {
                ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
                PointBatch batch = PointBatch.wrap(copy);
                if (!covered.contains(batch.digest()) && uncovered.add(batch.digest())) {
                    pending[0] += batch.count();
                }
            }, false);
            long waitingSince = 0;
            if (pending[0] > 0) {
                try {
                    waitingSince = Files.getLastModifiedTime(log).toMillis();
                } catch (IOException vanished) {
                    waitingSince = 0;
                }
            }
            String experimentId = experimentOf.getOrDefault(runId, experimentFromFiles(manifest));
            buffers.add(new BufferState(runId, experimentId, manifest, pending[0], uncovered, waitingSince));
        }
        return buffers;
    }

    @Override
    public List<Unreadable> unreadable() {
        List<Unreadable> problems = new ArrayList<>();
        Consumer<Unreadable> sink = problems::add;
        read("meta/experiments", Experiment.class, sink);
        read("meta/runs", Run.class, sink);
        read("meta/registry", LocalRegistryStore.ModelFile.class, sink);
        read("meta/logged-models", LoggedModel.class, sink);
        for (Path file : list(dataDir.resolve("metrics"))) {
            String name = file.getFileName().toString();
            if (name.endsWith(".manifest.json")) {
                try {
                    JsonFiles.read(file, LakeManifest.class);
                } catch (StorageFailureException e) {
                    problems.add(new Unreadable("metric-buffer", "metrics/" + name, brief(e)));
                }
            }
        }
        return problems;
    }

    private <T> List<T> read(String subdir, Class<T> type, Consumer<Unreadable> unreadable) {
        List<T> records = new ArrayList<>();
        for (Path file : list(dataDir.resolve(subdir))) {
            if (!JsonFiles.isRecordFile(file)) {
                continue;
            }
            try {
                records.add(JsonFiles.read(file, type));
            } catch (StorageFailureException e) {
                if (unreadable != null) {
                    unreadable.accept(new Unreadable("metadata", subdir + "/" + file.getFileName(), brief(e)));
                }
            }
        }
        return records;
    }

    private LakeManifest manifest(Path file, String runId) {
        if (!Files.isRegularFile(file)) {
            return LakeManifest.empty(runId);
        }
        try {
            return JsonFiles.read(file, LakeManifest.class);
        } catch (StorageFailureException e) {
            return LakeManifest.empty(runId);
        }
    }

    /** A manifest's files name their experiment: {@code experiment_id=<e>/run_id=<r>/part-...}. */
    private static String experimentFromFiles(LakeManifest manifest) {
        return manifest.files().stream().map(LakeManifest.LakeFile::name)
                .filter(n -> n.startsWith("experiment_id=") && n.indexOf('/') > 0)
                .map(n -> n.substring("experiment_id=".length(), n.indexOf('/')))
                .findFirst().orElse(null);
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new StorageFailureException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The parser's own text names classes and offsets; an operator needs to know only that it does not parse. */
    private static String brief(StorageFailureException e) {
        return "not a readable record (empty, truncated or not valid JSON)";
    }
}
