package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.Run;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.error.StorageFailureException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Run headers and inputs: insert (conditional), header updates, lifecycle cascades and dataset/model inputs. */
final class RunTable {

    private static final String NOT_EXISTS = "attribute_not_exists(#pk)";
    private static final Map<String, String> PK_NAME = Map.of("#pk", MetaSchema.PK);

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;
    private final Writes writes;
    /** The search table's writes: a run's index entries go in the same transaction as the run. */
    private final Writes index;
    private final RunReader reader;
    private final SearchIndexMover mover;
    private final InstantSource clock;

    RunTable(DynamoDbClient client, String table, DynamoGuard guard, RunReader reader, Writes index,
             InstantSource clock) {
        this.client = client;
        this.table = table;
        this.guard = guard;
        this.writes = new Writes(client, table, guard);
        this.index = index;
        this.reader = reader;
        this.mover = new SearchIndexMover(writes, index, reader);
        this.clock = clock;
    }

    /**
     * Puts the header on condition that the run does not exist, together with its run-list entry and its first 98
     * data and metric-index items in one transaction; a run created with more gets the rest by BatchWriteItem (not
     * atomic, but a create-run never carries that many).
     */
    boolean insert(Run run) {
        String runId = run.runId();
        List<TransactWriteItem> all = new ArrayList<>();
        all.add(writes.put(RunItems.header(run.info(), run.parentRunId()), NOT_EXISTS, PK_NAME, Map.of()));
        all.add(index.put(SearchIndexItems.runListEntry(run.info())));
        run.params().forEach((k, v) -> all.add(writes.put(RunItems.value(runId, MetaSchema.PARAM, k, v))));
        run.tags().forEach((k, v) -> all.add(writes.put(RunItems.value(runId, MetaSchema.TAG, k, v))));
        run.latestMetrics().values().forEach(p -> {
            all.add(writes.put(RunItems.metric(runId, p)));
            all.add(index.put(SearchIndexItems.metricEntry(run.info().experimentId(), runId, p,
                    run.info().lifecycleStage())));
        });
        long sequence = clock.millis() * 1000;
        for (DatasetInput input : run.datasetInputs()) {
            all.add(writes.put(RunItems.dataset(runId, input, sequence++)));
        }
        for (String model : run.modelInputs()) {
            all.add(writes.put(RunItems.model(runId, model, sequence++)));
        }
        try {
            writes.atomically("insert run", all.subList(0, Math.min(all.size(), Writes.TRANSACTION_LIMIT)));
        } catch (ConditionalCheckFailedException exists) {
            return false;
        } catch (TransactionCanceledException cancelled) {
            if ("ConditionalCheckFailed".equals(cancelled.cancellationReasons().get(0).code())) {
                return false;
            }
            throw new StorageFailureException("Inserting run " + runId + " was cancelled: "
                    + cancelled.cancellationReasons(), cancelled);
        }
        if (all.size() > Writes.TRANSACTION_LIMIT) {
            List<TransactWriteItem> rest = all.subList(Writes.TRANSACTION_LIMIT, all.size());
            writes.batched("insert run data", rest.stream().filter(writes::owns).toList());
            index.batched("insert run index entries", rest.stream().filter(w -> !writes.owns(w)).toList());
        }
        return true;
    }

    /**
     * Rewrites the header fields RunInfo owns (index keys included) and keeps the parent link. The common case, a
     * change that keeps the stage, is one conditional update; a stage change (delete, restore) also moves the run's
     * search index hints, in the order {@link SearchIndexMover} needs.
     */
    RunInfo updateInfo(RunInfo info) {
        String stage = info.lifecycleStage().wire();
        try {
            writeHeader(info, "attribute_exists(#pk) AND #stage = :stage",
                    Map.of(":stage", AttributeValue.fromS(stage)));
            return info;
        } catch (ConditionalCheckFailedException missingOrStageChange) {
            reader.get(info.runId(), true).orElseThrow(() -> notFound(info.runId()));
        }
        if (info.lifecycleStage() == LifecycleStage.ACTIVE) {
            mover.markActive(info);
        }
        try {
            writeHeader(info, "attribute_exists(#pk)", Map.of());
        } catch (ConditionalCheckFailedException missing) {
            throw notFound(info.runId());
        }
        if (info.lifecycleStage() == LifecycleStage.DELETED) {
            mover.markDeleted(info);
        }
        return info;
    }

    private void writeHeader(RunInfo info, String condition, Map<String, AttributeValue> conditionValues) {
        Map<String, AttributeValue> fields = RunItems.headerFields(info);
        Map<String, String> names = new HashMap<>(PK_NAME);
        names.put("#stage", RunItems.STAGE);
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        List<String> sets = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> field : fields.entrySet()) {
            names.put("#f" + i, field.getKey());
            values.put(":f" + i, field.getValue());
            sets.add("#f" + i + " = :f" + i);
            i++;
        }
        List<String> removes = new ArrayList<>();
        for (String optional : RunItems.optionalFields()) {
            if (!fields.containsKey(optional)) {
                names.put("#f" + i, optional);
                removes.add("#f" + i++);
            }
        }
        if (!condition.contains("#stage")) {
            names.remove("#stage");
        }
        String expression = "SET " + String.join(", ", sets)
                + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        writes.atomically("update run " + info.runId(), List.of(writes.update(RunItems.headerKey(info.runId()),
                expression, condition, names, values)));
    }

    /** Moves every run of the experiment in stage {@code from} to {@code to}, a few runs at a time in parallel. */
    void setLifecycle(String experimentId, LifecycleStage from, LifecycleStage to) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(MetaSchema.RUNS_INDEX)
                    .keyConditionExpression("#rx = :rx")
                    .expressionAttributeNames(Map.of("#rx", MetaSchema.R_EXPERIMENT))
                    .expressionAttributeValues(Map.of(":rx", AttributeValue.fromS(
                            MetaSchema.runsPartition(experimentId, from))));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = guard.call("Query runs of experiment " + experimentId,
                    () -> client.query(request.build()));
            Parallel.map(page.items(), Parallel.DEFAULT_WIDTH, header -> {
                moveStage(RunItems.info(header), from, to);
                return header;
            });
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** Only while the run is still in {@code from} with the status its index keys were built from. */
    private void moveStage(RunInfo seen, LifecycleStage from, LifecycleStage to) {
        RunInfo current = seen;
        for (int attempt = 0; attempt < 3 && current != null && current.lifecycleStage() == from; attempt++) {
            RunInfo moved = new RunInfo(current.runId(), current.experimentId(), current.runName(),
                    current.userId(), current.status(), current.startTime(), current.endTime(),
                    current.artifactUri(), to);
            Map<String, AttributeValue> fields = RunItems.headerFields(moved);
            if (to == LifecycleStage.ACTIVE) {
                mover.markActive(moved);
            }
            try {
                writes.atomically("move run " + current.runId(), List.of(writes.update(
                        RunItems.headerKey(current.runId()),
                        "SET #stage = :to, #rx = :rx, #rs = :rs",
                        "#stage = :from AND #status = :status",
                        Map.of("#stage", RunItems.STAGE, "#rx", MetaSchema.R_EXPERIMENT,
                                "#rs", MetaSchema.R_STATUS, "#status", RunItems.STATUS),
                        Map.of(":to", AttributeValue.fromS(to.wire()),
                                ":from", AttributeValue.fromS(from.wire()),
                                ":status", AttributeValue.fromS(current.status().name()),
                                ":rx", fields.get(MetaSchema.R_EXPERIMENT),
                                ":rs", fields.get(MetaSchema.R_STATUS)))));
                if (to == LifecycleStage.DELETED) {
                    mover.markDeleted(moved);
                }
                return;
            } catch (ConditionalCheckFailedException changedMeanwhile) {
                current = reader.get(current.runId(), true).map(Run::info).orElse(null);
            }
        }
    }

    /** Adds inputs the run lacks; each is a conditional put, so a repeated input is skipped. */
    Run addInputs(String runId, List<DatasetInput> datasets, List<String> modelIds) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        long sequence = existingHeader(runId);
        for (DatasetInput input : datasets) {
            items.add(RunItems.dataset(runId, input, sequence++));
        }
        for (String model : modelIds) {
            items.add(RunItems.model(runId, model, sequence++));
        }
        return addOnce(runId, items);
    }

    Run addOutputs(String runId, List<ModelOutput> outputs) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        long sequence = existingHeader(runId);
        for (ModelOutput output : outputs) {
            items.add(RunItems.output(runId, output, sequence++));
        }
        return addOnce(runId, items);
    }

    /** Checks the run exists; returns the first sequence number for items added now, in logging order. */
    private long existingHeader(String runId) {
        Map<String, AttributeValue> header = guard.call("GetItem run " + runId, () -> client.getItem(
                b -> b.tableName(table).key(RunItems.headerKey(runId)).consistentRead(true))).item();
        if (header == null || header.isEmpty()) {
            throw notFound(runId);
        }
        return clock.millis() * 1000;
    }

    /** Puts each item unless the run already has it, then reads the run back. */
    private Run addOnce(String runId, List<Map<String, AttributeValue>> items) {
        for (Map<String, AttributeValue> item : items) {
            try {
                writes.atomically("add run input", List.of(writes.put(item, NOT_EXISTS, PK_NAME, Map.of())));
            } catch (ConditionalCheckFailedException present) {
                // the run already has this input
            }
        }
        return reader.get(runId, true).orElseThrow(() -> notFound(runId));
    }

    static ResourceNotFoundException notFound(String runId) {
        return new ResourceNotFoundException("Run with id=" + runId + " not found");
    }
}
