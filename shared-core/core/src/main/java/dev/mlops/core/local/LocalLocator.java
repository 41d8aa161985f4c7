package dev.mlops.core.local;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.recovery.Locator;
import dev.mlops.core.recovery.PartEntry;
import dev.mlops.core.recovery.RecordRef;
import java.util.Optional;
import java.util.function.Predicate;

/** Where things are in the local data dir; entry paths are relative to it. */
final class LocalLocator implements Locator {

    private static final String RUNS = "meta/runs/";
    private static final String EXPERIMENTS = "meta/experiments/";
    private static final String LOGGED_MODELS = "meta/logged-models/";

    @Override
    public Place lakeFile(String relativeName) {
        return new Place("lake", "lake/" + relativeName);
    }

    @Override
    public Place lakeRun(String experimentId, String runId) {
        return new Place("lake", "lake/experiment_id=" + experimentId + "/run_id=" + runId + "/");
    }

    @Override
    public Place artifact(ArtifactPath path) {
        return new Place("artifacts", path.isRoot() ? "artifacts/" : "artifacts/" + path);
    }

    @Override
    public Optional<Place> foreignSource(String uri) {
        return Optional.empty();
    }

    @Override
    public String recordPart(RecordRef ref) {
        return "metadata";
    }

    @Override
    public Predicate<PartEntry> recordEntries(RecordRef ref) {
        String path = switch (ref.kind()) {
            case RUN -> RUNS + ref.id() + ".json";
            case EXPERIMENT -> EXPERIMENTS + ref.id() + ".json";
            case LOGGED_MODEL -> LOGGED_MODELS + ref.id() + ".json";
            // registry files are named by a stable id, not the model name; a whole model is not restored alone
            case MODEL -> null;
        };
        return e -> e.path().equals(path);
    }

    @Override
    public Optional<RecordRef> recordOf(String part, PartEntry entry) {
        if (!"metadata".equals(part) || !entry.path().endsWith(".json")) {
            return Optional.empty();
        }
        String path = entry.path();
        String id = path.substring(path.lastIndexOf('/') + 1, path.length() - ".json".length());
        if (path.startsWith(RUNS)) {
            return Optional.of(RecordRef.run(id));
        }
        if (path.startsWith(EXPERIMENTS)) {
            return Optional.of(RecordRef.experiment(id));
        }
        if (path.startsWith(LOGGED_MODELS)) {
            return Optional.of(new RecordRef(RecordRef.Kind.LOGGED_MODEL, id));
        }
        return Optional.empty();
    }
}
