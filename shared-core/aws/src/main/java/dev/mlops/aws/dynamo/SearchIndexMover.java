package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.RunInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Keeps the stage hint of a run's search index entries (its run-list entry and its current metric entries) in line
 * with the header, under one rule: an entry may say "active" for a deleted run, never "deleted" for an active one,
 * because ACTIVE_ONLY searches skip entries that say deleted without reading the run. So:
 * <ul>
 * <li>a restore marks the entries active <em>before</em> the header changes;</li>
 * <li>a delete marks them deleted <em>after</em> the header changed, in transactions that check the header still
 * says deleted, so a delete that finishes late can never hide a run that was restored meanwhile.</li>
 * </ul>
 * The entries are put whole, rebuilt from the run's items, so a move also writes entries that were missing (a table
 * from before the index). A crash anywhere leaves entries that say active for a run whose header decides otherwise:
 * correct answers, and the next stage change or {@link SearchIndexRebuild} tidies them. An entry whose metric got a
 * new value meanwhile is put again with its old value: readers recognise it as stale and delete it.
 */
final class SearchIndexMover {

    private final Writes metadata;
    private final Writes index;
    private final RunReader reader;

    SearchIndexMover(Writes metadata, Writes index, RunReader reader) {
        this.metadata = metadata;
        this.index = index;
        this.reader = reader;
    }

    /** Before a run's header becomes active. */
    void markActive(RunInfo run) {
        move(run, LifecycleStage.ACTIVE);
    }

    /** After a run's header became deleted. */
    void markDeleted(RunInfo run) {
        move(run, LifecycleStage.DELETED);
    }

    private void move(RunInfo run, LifecycleStage stage) {
        List<Map<String, AttributeValue>> entries = entries(run, stage);
        if (stage == LifecycleStage.ACTIVE) {
            index.batched("mark search index entries active", entries.stream().map(index::put).toList());
            return;
        }
        int chunk = Writes.TRANSACTION_LIMIT - 1;
        for (int from = 0; from < entries.size(); from += chunk) {
            List<TransactWriteItem> tx = new ArrayList<>();
            entries.subList(from, Math.min(entries.size(), from + chunk)).forEach(e -> tx.add(index.put(e)));
            tx.add(metadata.check(RunItems.headerKey(run.runId()), "#stage = :stage", Map.of("#stage", RunItems.STAGE),
                    Map.of(":stage", AttributeValue.fromS(LifecycleStage.DELETED.wire()))));
            try {
                metadata.atomically("mark search index entries deleted", tx);
            } catch (ConditionalCheckFailedException | TransactionCanceledException restoredMeanwhile) {
                return;
            }
        }
    }

    /** The run-list entry and the entries of the run's current latest metrics, read consistently. */
    private List<Map<String, AttributeValue>> entries(RunInfo run, LifecycleStage stage) {
        List<Map<String, AttributeValue>> entries = new ArrayList<>();
        RunInfo staged = new RunInfo(run.runId(), run.experimentId(), run.runName(), run.userId(), run.status(),
                run.startTime(), run.endTime(), run.artifactUri(), stage);
        entries.add(SearchIndexItems.runListEntry(staged));
        reader.forEachItem(run.runId(), MetaSchema.METRIC, true, item -> {
            String key = item.get(MetaSchema.SK).s().substring(MetaSchema.METRIC.length());
            entries.add(SearchIndexItems.metricEntry(run.experimentId(), run.runId(),
                    MetricOrder.decode(key, Attrs.string(item, RunItems.ORDER)), stage));
        });
        return entries;
    }
}
