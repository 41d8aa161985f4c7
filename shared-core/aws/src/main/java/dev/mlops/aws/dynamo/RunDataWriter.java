package dev.mlops.aws.dynamo;

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
 * <li>Up to 100 writes go in one transaction, params first; so an update of at most 100 writes (every MLflow
 * log-batch of up to 100 distinct metric keys) is all-or-nothing. Bigger updates are split into transactions of
 * 100, still params first; a failed condition in a later chunk leaves the earlier chunks applied.</li>
 * <li>A failed condition means someone wrote meanwhile: the update starts over from the read, which either reports
 * the clash or finds less to do. Every write is idempotent, so starting over is safe.</li>
 * </ul>
 */
final class RunDataWriter {

    private static final int ATTEMPTS = 6;
    private static final String PARAM_CONDITION = "attribute_not_exists(#pk) OR #v = :v";
    private static final String METRIC_CONDITION = "attribute_not_exists(#pk) OR #o < :o";

    private final Writes writes;
    private final RunReader reader;

    RunDataWriter(Writes writes, RunReader reader) {
        this.writes = writes;
        this.reader = reader;
    }

    Run apply(String runId, RunUpdate update) {
        Wanted wanted = Wanted.of(update);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            RunReader.backoff(attempt);
            Run stored = read(runId, wanted);
            if (write(plan(runId, wanted, stored))) {
                return reader.get(runId, true).orElseThrow(() -> RunTable.notFound(runId));
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

    private List<TransactWriteItem> plan(String runId, Wanted wanted, Run stored) {
        List<TransactWriteItem> plan = new ArrayList<>();
        wanted.params.forEach((key, value) -> {
            if (!stored.params().containsKey(key)) {
                plan.add(writes.put(RunItems.value(runId, MetaSchema.PARAM, key, value), PARAM_CONDITION,
                        Map.of("#pk", MetaSchema.PK, "#v", RunItems.VALUE), Map.of(":v", Attrs.s(value))));
            } else if (!Objects.equals(stored.params().get(key), value)) {
                throw TrackingService.paramClash(runId, key, stored.params().get(key), value);
            }
        });
        if (wanted.parentChanged) {
            plan.add(parentLink(runId, wanted.parent));
        }
        wanted.setTags.forEach((key, value) -> plan.add(writes.put(RunItems.value(runId, MetaSchema.TAG, key,
                value))));
        wanted.deleteTags.forEach(key -> plan.add(writes.delete(RunItems.dataKey(runId, MetaSchema.TAG, key))));
        wanted.metrics.forEach((key, point) -> {
            MetricPoint current = stored.latestMetrics().get(key);
            if (current == null || point.isNewerThan(current)) {
                plan.add(writes.put(RunItems.metric(runId, point), METRIC_CONDITION,
                        Map.of("#pk", MetaSchema.PK, "#o", RunItems.ORDER),
                        Map.of(":o", Attrs.s(MetricOrder.encode(point)))));
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

    /** Writes the plan in chunks of 100; false when a condition failed and the update must start over. */
    private boolean write(List<TransactWriteItem> plan) {
        for (int from = 0; from < plan.size(); from += Writes.TRANSACTION_LIMIT) {
            List<TransactWriteItem> chunk = plan.subList(from, Math.min(plan.size(), from + Writes.TRANSACTION_LIMIT));
            try {
                writes.atomically("update run data", chunk);
            } catch (ConditionalCheckFailedException | TransactionCanceledException writtenMeanwhile) {
                return false;
            }
        }
        return true;
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
