package dev.mlops.core.port;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunIdentity;
import dev.mlops.core.domain.RunInfo;
import java.util.List;
import java.util.Optional;

/**
 * Experiments, runs, params, tags and latest metric values. Every method is atomic; services hold the rules, stores
 * guarantee what only a store can (unique names, immutable params under concurrency).
 */
public interface MetadataStore {

    /** Creates the experiment with a fresh id. Throws ResourceAlreadyExistsException when the name is taken. */
    Experiment createExperiment(NewExperiment request);

    Optional<Experiment> getExperiment(String experimentId);

    /** Finds an experiment by its exact name, in any lifecycle stage. */
    Optional<Experiment> getExperimentByName(String name);

    /** Replaces an existing experiment; a changed name must stay unique (ResourceAlreadyExistsException). */
    Experiment updateExperiment(Experiment experiment);

    Page<Experiment> searchExperiments(ExperimentQuery query);

    /**
     * Inserts a new run unless a run with its id exists; returns whether it inserted. A retried create-run derives
     * the same id, so the second insert is a no-op and nothing is left orphaned.
     */
    boolean insertRun(Run run);

    Optional<Run> getRun(String runId);

    /** The parts of a run that never change (a cache may keep them); by default read from the whole run. */
    default Optional<RunIdentity> getRunIdentity(String runId) {
        return getRun(runId).map(run -> RunIdentity.of(run.info()));
    }

    /** Replaces a run's header (status, end time, name, lifecycle). */
    RunInfo updateRunInfo(RunInfo info);

    /**
     * Applies params, tags and latest metric values atomically. Throws InvalidParameterException on a param clash.
     * Returns nothing: it runs on every log call, and reading the run back would cost a read per call.
     */
    void updateRunData(String runId, RunUpdate update);

    /** Adds dataset and model inputs, ignoring ones the run already has. */
    Run addRunInputs(String runId, List<DatasetInput> datasets, List<String> modelIds);

    /** Adds model outputs (runs/outputs), ignoring ones the run already has (same model and step). */
    Run addRunOutputs(String runId, List<ModelOutput> outputs);

    Page<Run> searchRuns(RunQuery query);

    /** Moves an experiment's runs to the given stage along with the experiment (MLflow cascades deletes). */
    void setRunsLifecycle(String experimentId, LifecycleStage from, LifecycleStage to);

    /**
     * Rebuilds the experiment's run search index from its runs, for stores that keep one beside the runs (AWS): after
     * a restore that wrote runs without their index entries, or to index runs written before the index existed. A
     * store whose index is derived in memory at start needs nothing.
     */
    default void rebuildSearchIndex(String experimentId) {
    }
}
