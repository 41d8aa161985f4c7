package dev.mlops.core.recovery;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LoggedModel;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.Run;
import dev.mlops.core.metric.LakeManifest;
import java.util.List;
import java.util.Set;

/**
 * The state read fresh from durable storage, not from a server's memory: locally the record files parsed from disk,
 * on AWS the tables. This is what lets verify see damage done by hand, while the server runs or while it was
 * stopped. Reads only; a record that exists but cannot be parsed is listed in {@link #unreadable()}.
 */
public interface StateView {

    List<Experiment> experiments();

    List<Run> runs();

    List<RegisteredModel> models();

    List<ModelVersion> versions();

    List<LoggedModel> loggedModels();

    /** Every run with a lake manifest or buffered batches. */
    List<BufferState> buffers();

    List<Unreadable> unreadable();

    /**
     * A run's metric buffer: its manifest, the batches no listed file covers, and since when buffered points have
     * waited without a flush ({@code waitingSince}, epoch millis, 0 when nothing waits): locally the buffer log's
     * last append, on AWS the oldest live batch.
     */
    record BufferState(String runId, String experimentId, LakeManifest manifest, long pendingPoints,
                       Set<String> uncoveredBatches, long waitingSince) {
        public BufferState {
            uncoveredBatches = Set.copyOf(uncoveredBatches);
        }
    }

    /** A stored record that does not parse: its part, path or key, and why. */
    record Unreadable(String part, String path, String reason) {
    }
}
