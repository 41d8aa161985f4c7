package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.RunStatus;
import java.util.HexFormat;

/**
 * Key layout of the metadata table (see docs/dynamodb-design.md). One table holds experiments, name claims, runs and
 * every run's data items; the run's data shares the run's partition, one item per param, tag and latest metric, so
 * no item grows with the number of keys.
 */
final class MetaSchema {

    static final String PK = "pk";
    static final String SK = "sk";

    /** Experiments by lifecycle stage, in creation order: pk {@link #X_STAGE}, sk {@link #X_ORDER}. */
    static final String EXPERIMENTS_INDEX = "experiments-by-stage";
    static final String X_STAGE = "xs";
    static final String X_ORDER = "xo";

    /** Run headers by experiment and stage, newest first: pk {@link #R_EXPERIMENT}, sk {@link #R_ORDER}. */
    static final String RUNS_INDEX = "runs-by-experiment";
    static final String R_EXPERIMENT = "rx";
    static final String R_ORDER = "ro";
    /** Run headers by experiment, stage and status, newest first: pk {@link #R_STATUS}, sk {@link #R_ORDER}. */
    static final String STATUS_INDEX = "runs-by-status";
    static final String R_STATUS = "rs";
    /** Child runs (sparse: only runs tagged mlflow.parentRunId): pk {@link #R_PARENT}, sk {@link #R_ORDER}. */
    static final String PARENT_INDEX = "runs-by-parent";
    static final String R_PARENT = "rp";

    /**
     * Run search index items, in the search table (see {@link SearchIndexItems}): per experiment and metric key, one
     * entry per run in value order ({@code MX#<exp>#<key>} / {@code <sort key hex>#<run id>}), and per experiment one
     * entry per run in the default order ({@code RL#<exp>} / {@link #runOrder}). Table items, not a global secondary
     * index, so a search reads them strongly consistently.
     */
    static final String METRIC_INDEX = "MX#";
    static final String RUN_LIST = "RL#";
    /** The stage hint on index items: {@code a} or {@code d}. */
    static final String INDEX_STAGE = "st";

    static final String COUNTER_PK = "COUNTER";
    static final String COUNTER_SK = "experiment-id";
    static final String EXPERIMENT_SK = "E";
    static final String NAME_SK = "N";
    static final String HEADER_SK = "R";
    static final String PARAM = "P#";
    static final String TAG = "T#";
    static final String METRIC = "M#";
    static final String DATASET = "D#";
    static final String MODEL = "I#";
    /** A model output: {@code O#<model id>#<step>}. */
    static final String OUTPUT = "O#";

    private static final HexFormat HEX = HexFormat.of();

    private MetaSchema() {
    }

    static String experimentPk(String experimentId) {
        return "E#" + experimentId;
    }

    static String namePk(String name) {
        return "N#" + name;
    }

    static String runPk(String runId) {
        return "R#" + runId;
    }

    static String runId(String runPk) {
        return runPk.substring(2);
    }

    static String runsPartition(String experimentId, LifecycleStage stage) {
        return experimentId + "#" + stage.wire();
    }

    static String statusPartition(String experimentId, LifecycleStage stage, RunStatus status) {
        return runsPartition(experimentId, stage) + "#" + status.name();
    }

    /** Sorts newest start first, then run id ascending: MLflow's default run order, read straight off the index. */
    static String runOrder(long startTime, String runId) {
        return HEX.toHexDigits(~(startTime ^ Long.MIN_VALUE)) + "#" + runId;
    }

    /** Inverse of {@link #runOrder}'s time part. */
    static long startTimeOf(String runOrder) {
        return ~HexFormat.fromHexDigitsToLong(runOrder, 0, 16) ^ Long.MIN_VALUE;
    }

    /** Sorts oldest creation first; searches re-sort anyway, this only keeps the pages stable. */
    static String experimentOrder(long creationTime, String experimentId) {
        return HEX.toHexDigits(creationTime ^ Long.MIN_VALUE) + "#" + experimentId;
    }
}
