package dev.mlops.core.port;

import dev.mlops.core.domain.LoggedModel;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * MLflow 3 logged models. A model is one record; every change is a read-modify-write the store makes atomic, so
 * concurrent tag, param and status writes to one model never lose each other. Services hold the rules (the change
 * function may throw to refuse, and then nothing is written).
 */
public interface LoggedModelStore {

    /** Inserts a new model unless one with its id exists; returns whether it inserted. */
    boolean insert(LoggedModel model);

    /** The model in any lifecycle stage. */
    Optional<LoggedModel> get(String modelId);

    /**
     * Applies {@code change} to the current record and stores the result atomically, retrying the function if
     * another writer got in between. Throws ResourceNotFoundException when the model does not exist. The change
     * must keep the model id and experiment id.
     */
    LoggedModel update(String modelId, UnaryOperator<LoggedModel> change);

    /** Active models of the query's experiments that match its filter, in its order, one page at a time. */
    Page<LoggedModel> search(LoggedModelQuery query);
}
