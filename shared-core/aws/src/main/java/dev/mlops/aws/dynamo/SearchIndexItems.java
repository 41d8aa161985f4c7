package dev.mlops.aws.dynamo;

import dev.mlops.core.domain.LifecycleStage;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.search.MetricSortKey;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The run search index as items of the metadata table: a run has one run-list entry ({@code RL#<exp>}, sorted by
 * MLflow's default order) and one metric entry per latest metric ({@code MX#<exp>#<key>}, sorted by value with
 * {@link MetricSortKey}). Both carry a stage hint {@code st}: ACTIVE_ONLY searches skip entries marked deleted, and
 * the run read afterwards decides. The hint may say "active" for a deleted run (a crash between the header and its
 * entries), never "deleted" for an active one: see {@link SearchIndexMover}.
 * <p>
 * A metric entry is written before the run's latest value (an intent) and the replaced value's entry deleted after
 * it, so a crash or a race can leave an entry that is not the run's current value. Readers check every entry
 * against the run they read anyway and drop such entries; one whose point is older than the run's latest value can
 * never become current again and is deleted by the reader that meets it ({@link DynamoRunIndex}).
 */
final class SearchIndexItems {

    static final String ACTIVE = "a";
    static final String DELETED = "d";

    private SearchIndexItems() {
    }

    static String metricPk(String experimentId, String key) {
        return MetaSchema.METRIC_INDEX + experimentId + "#" + key;
    }

    static String metricSk(double value, String runId) {
        return MetricSortKey.hex(MetricSortKey.of(value)) + "#" + runId;
    }

    static Map<String, AttributeValue> metricKey(String experimentId, String runId, MetricPoint point) {
        return Attrs.key(metricPk(experimentId, point.key()), metricSk(point.value(), runId));
    }

    /** The entry of {@code point}; it also holds the point's {@link MetricOrder}, so a reader can tell a stale one. */
    static Map<String, AttributeValue> metricEntry(String experimentId, String runId, MetricPoint point,
                                                   LifecycleStage stage) {
        Map<String, AttributeValue> item = withStage(metricKey(experimentId, runId, point), stage);
        item.put(RunItems.ORDER, AttributeValue.fromS(MetricOrder.encode(point)));
        return item;
    }

    /** The metric key of a metric entry's partition {@code MX#<exp>#<key>} (experiment ids hold no '#'). */
    static String metricKeyOf(String metricPk) {
        return metricPk.substring(metricPk.indexOf('#', MetaSchema.METRIC_INDEX.length()) + 1);
    }

    /**
     * Whether a metric entry of {@code run} can be deleted: it is not the run's current value and its point is older
     * than the run's latest one, so no write in flight can make it current again (an entry newer than the latest may
     * be an intent whose value is about to be written, and stays).
     */
    static boolean stale(Map<String, AttributeValue> entry, dev.mlops.core.domain.Run run) {
        MetricPoint latest = run.latestMetrics().get(metricKeyOf(entry.get(MetaSchema.PK).s()));
        String order = Attrs.string(entry, RunItems.ORDER);
        return latest != null && order != null && order.compareTo(MetricOrder.encode(latest)) < 0
                && !entry.get(MetaSchema.SK).s().equals(metricSk(latest.value(), run.runId()));
    }

    static String runListPk(String experimentId) {
        return MetaSchema.RUN_LIST + experimentId;
    }

    static Map<String, AttributeValue> runListKey(RunInfo info) {
        return Attrs.key(runListPk(info.experimentId()), MetaSchema.runOrder(info.startTime(), info.runId()));
    }

    static Map<String, AttributeValue> runListEntry(RunInfo info) {
        return withStage(runListKey(info), info.lifecycleStage());
    }

    static String hint(LifecycleStage stage) {
        return stage == LifecycleStage.DELETED ? DELETED : ACTIVE;
    }

    private static Map<String, AttributeValue> withStage(Map<String, AttributeValue> key, LifecycleStage stage) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put(MetaSchema.INDEX_STAGE, AttributeValue.fromS(hint(stage)));
        return item;
    }
}
