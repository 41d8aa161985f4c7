package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.Run;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.port.RunUpdate;
import dev.mlops.core.service.TrackingService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * updateRunData: one item per param, tag and latest metric, written with conditions instead of locks.
 * <ul>
 * <li>A param is put only if absent or equal ({@code attribute_not_exists(pk) OR v = :v}); a latest metric only if
 * absent or older ({@code attribute_not_exists(pk) OR o < :o}, see {@link MetricOrder}).</li>
 * <li>A consistent read of the touched params and metrics comes first: it reports a clash with the stored value
 * before anything is written, and drops params already stored and metric candidates that are not newer.</li>
 * <li>The first 100 writes, params first, go in one transaction; so an update of at most 100 writes (every MLflow
 * log-batch of up to 100 distinct metric keys) is all-or-nothing, and a param clash in it writes nothing.</li>
 * <li>Writes beyond 100 are not atomic as a whole anyway, so they skip transactions (which cost two write units per
 * item): remaining params and the parent link as parallel single conditional writes, then tags by BatchWriteItem,
 * then metrics as parallel conditional puts. A failure there leaves part of the update applied; a retry completes
 * it, since every write is idempotent.</li>
 * <li>A failed param or link condition means someone wrote meanwhile: the update starts over from the read, which
 * either reports the clash or finds less to do. A failed metric condition outside the transaction just means a
 * newer value is stored.</li>
 * <li>The run search index ({@link SearchIndexItems}) follows the latest values: the new values' entries are put
 * before the data is written and the replaced values' entries deleted after, so an acknowledged value is always in
 * the index, and what a crash or a race leaves behind is an entry that readers recognise as not current.</li>
 * </ul>
 */
final class RunDataWriter {

    private static final int ATTEMPTS = 6;
    private static final String PARAM_CONDITION = "attribute_not_exists(#pk) OR #v = :v";
    private static final String METRIC_CONDITION = "attribute_not_exists(#pk) OR #o < :o";

    private final Writes writes;
    private final Writes index;
    private final RunReader reader;

    RunDataWriter(Writes writes, Writes index, RunReader reader) {
        this.writes = writes;
        this.index = index;
        this.reader = reader;
    }

    void apply(String runId, RunUpdate update) {
        Wanted wanted = Wanted.of(update);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            RunReader.backoff(attempt);
            Run stored = read(runId, wanted);
            List<Planned> plan = plan(runId, wanted, stored);
            if (write(plan)) {
                index.batched("replaced metric index entries", plan.stream().map(Planned::replaced)
                        .filter(Objects::nonNull).toList());
                return;
            }
        }
        throw new StorageFailureException("Run " + runId + " kept changing under concurrent updates; try again");
    }

    /** The header plus the stored params and latest metrics this update touches, read consistently. */
    private Run read(String runId, Wanted wanted) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        keys.add(RunItems.headerKey(runId));
        wanted.params.keySet().forEach(k -> keys.add(RunItems.dataKey(runId, MetaSchema.PARAM, k)));
        wanted.metrics.keySet().forEach(k -> keys.add(RunItems.dataKey(runId, MetaSchema.METRIC, k)));
        RunAssembler found = new RunAssembler().addAll(reader.batchGet(keys, true));
        if (!found.hasHeader()) {
            throw RunTable.notFound(runId);
        }
        return found.build();
    }

    private List<Planned> plan(String runId, Wanted wanted, Run stored) {
        List<Planned> plan = new ArrayList<>();
        wanted.params.forEach((key, value) -> {
            if (!stored.params().containsKey(key)) {
                plan.add(new Planned(Kind.MUST_HOLD, writes.put(RunItems.value(runId, MetaSchema.PARAM, key, value),
                        PARAM_CONDITION, Map.of("#pk", MetaSchema.PK, "#v", RunItems.VALUE),
                        Map.of(":v", Attrs.s(value)))));
            } else if (!Objects.equals(stored.params().get(key), value)) {
                throw TrackingService.paramClash(runId, key, stored.params().get(key), value);
            }
        });
        if (wanted.parentChanged) {
            plan.add(new Planned(Kind.MUST_HOLD, parentLink(runId, wanted.parent)));
        }
        wanted.setTags.forEach((key, value) -> plan.add(new Planned(Kind.PLAIN,
                writes.put(RunItems.value(runId, MetaSchema.TAG, key, value)))));
        wanted.deleteTags.forEach(key -> plan.add(new Planned(Kind.PLAIN,
                writes.delete(RunItems.dataKey(runId, MetaSchema.TAG, key)))));
        String experimentId = stored.info().experimentId();
        wanted.metrics.forEach((key, point) -> {
            MetricPoint current = stored.latestMetrics().get(key);
            if (current == null || point.isNewerThan(current)) {
                // the value's search index entry says "active": only active runs are written to, and the hint may
                // err only that way; the replaced value's entry goes only if the sort position changes
                TransactWriteItem intent = index.put(SearchIndexItems.metricEntry(experimentId, runId, point,
                        LifecycleStage.ACTIVE));
                TransactWriteItem replaced = current == null || SearchIndexItems.metricSk(current.value(), runId)
                        .equals(SearchIndexItems.metricSk(point.value(), runId)) ? null
                        : index.delete(SearchIndexItems.metricKey(experimentId, runId, current));
                plan.add(new Planned(Kind.IF_NEWER, writes.put(RunItems.metric(runId, point), METRIC_CONDITION,
                        Map.of("#pk", MetaSchema.PK, "#o", RunItems.ORDER),
                        Map.of(":o", Attrs.s(MetricOrder.encode(point)))), intent, replaced));
            }
        });
        return plan;
    }

    /** The header carries the parent run id as the key of the child-run index; it follows the tag. */
    private TransactWriteItem parentLink(String runId, String parent) {
        boolean set = parent != null && !parent.isEmpty();
        return writes.update(RunItems.headerKey(runId), set ? "SET #rp = :rp" : "REMOVE #rp",
                "attribute_exists(#pk)", Map.of("#pk", MetaSchema.PK, "#rp", MetaSchema.R_PARENT),
                set ? Map.of(":rp", AttributeValue.fromS(parent)) : Map.of());
    }

    /** Writes the plan; false when a condition that must hold failed and the update must start over. */
    private boolean write(List<Planned> plan) {
        List<Planned> first = plan.subList(0, Math.min(plan.size(), Writes.TRANSACTION_LIMIT));
        index.batched("metric index entries", intents(first));
        try {
            writes.atomically("update run data", first.stream().map(Planned::write).toList());
        } catch (ConditionalCheckFailedException | TransactionCanceledException writtenMeanwhile) {
            return first.size() == 1 && first.get(0).kind() == Kind.IF_NEWER;
        }
        List<Planned> rest = plan.subList(first.size(), plan.size());
        if (rest.isEmpty()) {
            return true;
        }
        if (!singly(rest, Kind.MUST_HOLD)) {
            return false;
        }
        writes.batched("update run tags", rest.stream().filter(p -> p.kind() == Kind.PLAIN).map(Planned::write)
                .toList());
        index.batched("metric index entries", intents(rest));
        return singly(rest, Kind.IF_NEWER);
    }

    /** The search index entries of the planned metric values: written before the values they stand for. */
    private static List<TransactWriteItem> intents(List<Planned> plan) {
        return plan.stream().map(Planned::intent).filter(Objects::nonNull).toList();
    }

    /** The planned writes of one kind as parallel single-item writes; false if a must-hold condition failed. */
    private boolean singly(List<Planned> plan, Kind kind) {
        List<Planned> selected = plan.stream().filter(p -> p.kind() == kind).toList();
        return Parallel.map(selected, Parallel.DEFAULT_WIDTH, p -> {
            try {
                writes.atomically("update run data", List.of(p.write()));
                return true;
            } catch (ConditionalCheckFailedException refused) {
                return kind == Kind.IF_NEWER;
            }
        }).stream().allMatch(Boolean::booleanValue);
    }

    /** How a write's failed condition is read: must hold (start over), if newer (fine), or none at all. */
    private enum Kind {
        MUST_HOLD,
        IF_NEWER,
        PLAIN
    }

    /** A write; a metric value's also carries its search index entry and the entry of the value it replaces. */
    private record Planned(Kind kind, TransactWriteItem write, TransactWriteItem intent, TransactWriteItem replaced) {

        Planned(Kind kind, TransactWriteItem write) {
            this(kind, write, null, null);
        }
    }

    /** The update reduced to what can be written: the newest candidate per metric key, deletes winning over sets. */
    private record Wanted(Map<String, String> params, Map<String, String> setTags, Set<String> deleteTags,
                          Map<String, MetricPoint> metrics, boolean parentChanged, String parent) {

        static Wanted of(RunUpdate update) {
            Set<String> deletes = new LinkedHashSet<>(update.deleteTags());
            Map<String, String> sets = new LinkedHashMap<>(update.setTags());
            sets.keySet().removeAll(deletes);
            Map<String, MetricPoint> newest = new HashMap<>();
            for (MetricPoint point : update.latestCandidates()) {
                newest.merge(point.key(), point, (a, b) -> b.isNewerThan(a) ? b : a);
            }
            boolean parentChanged = deletes.contains(Run.PARENT_RUN_TAG) || sets.containsKey(Run.PARENT_RUN_TAG);
            return new Wanted(update.params(), sets, deletes, newest, parentChanged, sets.get(Run.PARENT_RUN_TAG));
        }
    }
}
