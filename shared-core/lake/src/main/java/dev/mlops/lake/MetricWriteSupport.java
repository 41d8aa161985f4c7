package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes points straight to the record consumer: no intermediate Group objects per row. */
final class MetricWriteSupport extends WriteSupport<MetricPoint> {

    /** Footer keys: a reader checks the run without scanning a column. */
    static final String META_EXPERIMENT = "mlops.experiment_id";
    static final String META_RUN = "mlops.run_id";

    private final String experimentId;
    private final String runId;
    private final Binary experimentBinary;
    private final Binary runBinary;
    private RecordConsumer consumer;
    private String lastKey;
    private Binary lastKeyBinary;

    private final Map<String, String> lineage;

    MetricWriteSupport(String experimentId, String runId, Map<String, String> lineage) {
        this.lineage = lineage;
        this.experimentId = experimentId;
        this.runId = runId;
        this.experimentBinary = Binary.fromString(experimentId);
        this.runBinary = Binary.fromString(runId);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        Map<String, String> footer = new HashMap<>(lineage);
        footer.put(META_EXPERIMENT, experimentId);
        footer.put(META_RUN, runId);
        return new WriteContext(MetricRows.SCHEMA, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(MetricPoint p) {
        // Rows arrive sorted by key, so encoding each key once per run of rows is enough.
        if (!p.key().equals(lastKey)) {
            lastKey = p.key();
            lastKeyBinary = Binary.fromString(lastKey);
        }
        consumer.startMessage();
        field(0, MetricRows.EXPERIMENT_ID, experimentBinary);
        field(1, MetricRows.RUN_ID, runBinary);
        field(2, MetricRows.KEY, lastKeyBinary);
        consumer.startField(MetricRows.STEP, 3);
        consumer.addLong(p.step());
        consumer.endField(MetricRows.STEP, 3);
        consumer.startField(MetricRows.TIMESTAMP, 4);
        consumer.addLong(p.timestamp());
        consumer.endField(MetricRows.TIMESTAMP, 4);
        consumer.startField(MetricRows.VALUE, 5);
        consumer.addDouble(p.value());
        consumer.endField(MetricRows.VALUE, 5);
        consumer.endMessage();
    }

    private void field(int index, String name, Binary value) {
        consumer.startField(name, index);
        consumer.addBinary(value);
        consumer.endField(name, index);
    }
}
