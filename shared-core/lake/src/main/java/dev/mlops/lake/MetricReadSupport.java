package dev.mlops.lake;

import dev.mlops.core.domain.MetricPoint;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/** Reads only key, step, timestamp and value into MetricPoints; checks the footer's run before any row. */
final class MetricReadSupport extends ReadSupport<MetricPoint> {

    private final String runId;
    private final java.util.function.Consumer<Map<String, Set<String>>> footer;

    MetricReadSupport(String runId) {
        this(runId, meta -> {
        });
    }

    /** {@code footer} sees the footer's key-value metadata once it is read (the verifier needs the lineage). */
    MetricReadSupport(String runId, java.util.function.Consumer<Map<String, Set<String>>> footer) {
        this.runId = runId;
        this.footer = footer;
    }

    @Override
    public ReadContext init(InitContext context) {
        footer.accept(context.getKeyValueMetadata());
        Set<String> runs = context.getKeyValueMetadata().get(MetricWriteSupport.META_RUN);
        if (runs == null || !runs.equals(Set.of(runId))) {
            throw new IllegalStateException("file holds run " + runs + ", not " + runId);
        }
        return new ReadContext(MetricRows.PROJECTION);
    }

    @Override
    public RecordMaterializer<MetricPoint> prepareForRead(Configuration conf, Map<String, String> keyValueMetaData,
                                                          MessageType fileSchema, ReadContext readContext) {
        return new Materializer();
    }

    /** One mutable row; fields follow PROJECTION's order. */
    private static final class Materializer extends RecordMaterializer<MetricPoint> {
        private String key;
        private long step;
        private long timestamp;
        private double value;
        private final GroupConverter root = new GroupConverter() {
            private final Converter[] fields = {new KeyConverter(),
                    new PrimitiveConverter() {
                        @Override
                        public void addLong(long v) {
                            step = v;
                        }
                    },
                    new PrimitiveConverter() {
                        @Override
                        public void addLong(long v) {
                            timestamp = v;
                        }
                    },
                    new PrimitiveConverter() {
                        @Override
                        public void addDouble(double v) {
                            value = v;
                        }
                    }};

            @Override
            public Converter getConverter(int fieldIndex) {
                return fields[fieldIndex];
            }

            @Override
            public void start() {
            }

            @Override
            public void end() {
            }
        };

        @Override
        public MetricPoint getCurrentRecord() {
            return new MetricPoint(key, value, timestamp, step);
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }

        /** Decodes each dictionary entry once instead of one UTF-8 decode per row. */
        private final class KeyConverter extends PrimitiveConverter {
            private String[] decoded;

            @Override
            public boolean hasDictionarySupport() {
                return true;
            }

            @Override
            public void setDictionary(Dictionary dictionary) {
                decoded = new String[dictionary.getMaxId() + 1];
                for (int i = 0; i < decoded.length; i++) {
                    decoded[i] = dictionary.decodeToBinary(i).toStringUsingUTF8();
                }
            }

            @Override
            public void addValueFromDictionary(int dictionaryId) {
                key = decoded[dictionaryId];
            }

            @Override
            public void addBinary(Binary v) {
                key = v.toStringUsingUTF8();
            }
        }
    }
}
