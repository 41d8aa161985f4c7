package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.HistoryPage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/** The file schema and row order shared by writer and reader. */
final class MetricRows {

    static final String EXPERIMENT_ID = "experiment_id";
    static final String RUN_ID = "run_id";
    static final String KEY = "key";
    static final String STEP = "step";
    static final String TIMESTAMP = "timestamp";
    static final String VALUE = "value";

    /** Partition values repeat in the file so a file read alone (or by another engine) is self-describing. */
    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(EXPERIMENT_ID)
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(RUN_ID)
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(KEY)
            .required(PrimitiveTypeName.INT64).named(STEP)
            .required(PrimitiveTypeName.INT64).named(TIMESTAMP)
            .required(PrimitiveTypeName.DOUBLE).named(VALUE)
            .named("metric_point");

    /** What a reader materialises: the per-file constants are left out (they are in the path and footer). */
    static final MessageType PROJECTION = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(KEY)
            .required(PrimitiveTypeName.INT64).named(STEP)
            .required(PrimitiveTypeName.INT64).named(TIMESTAMP)
            .required(PrimitiveTypeName.DOUBLE).named(VALUE)
            .named("metric_point");

    /**
     * Sorted by key so one key's rows are contiguous (page statistics skip the rest), then step and timestamp so
     * delta encoding sees small gaps; value last only to make the order total, hence the digest deterministic.
     * Within a key this is get-history's order, so a file streams straight into the merged read.
     */
    static final Comparator<MetricPoint> ORDER = Comparator.comparing(MetricPoint::key)
            .thenComparing(HistoryPage.ORDER);

    private MetricRows() {
    }

    /** Sorted copy without exact repeats: a retried log call must not change the content, hence the file name. */
    static List<MetricPoint> sortedDistinct(List<MetricPoint> points) {
        List<MetricPoint> sorted = new ArrayList<>(points);
        sorted.sort(ORDER);
        List<MetricPoint> distinct = new ArrayList<>(sorted.size());
        MetricPoint previous = null;
        for (MetricPoint p : sorted) {
            if (previous == null || !p.sameAs(previous)) {
                distinct.add(p);
            }
            previous = p;
        }
        return distinct;
    }
}
