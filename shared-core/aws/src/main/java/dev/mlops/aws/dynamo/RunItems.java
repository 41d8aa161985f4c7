package dev.mlops.aws.dynamo;

import static dev.mlops.aws.dynamo.Attrs.n;
import static dev.mlops.aws.dynamo.Attrs.s;

import dev.mlops.core.domain.ContentId;
import dev.mlops.core.domain.DatasetInput;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.domain.ModelOutput;
import dev.mlops.core.domain.RunInfo;
import dev.mlops.core.domain.RunStatus;
import dev.mlops.core.domain.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items of a run's partition {@code R#<run id>}: the header (sk {@code R}, the only item the indexes see) and one
 * item per param ({@code P#key}), tag ({@code T#key}), latest metric ({@code M#key}), dataset input
 * ({@code D#<digest>}) and model input ({@code I#<id>}).
 */
final class RunItems {

    static final String VALUE = "v";
    static final String ORDER = "o";
    static final String SEQUENCE = "seq";
    private static final String OUTPUT_MODEL = "model";
    private static final String OUTPUT_STEP = "step";
    private static final String ID = "id";
    private static final String EXPERIMENT = "exp";
    private static final String NAME = "name";
    private static final String USER = "user";
    static final String STATUS = "status";
    static final String STAGE = "stage";
    private static final String START = "start";
    static final String END = "end";
    private static final String URI = "uri";
    private static final String DATASET_TAGS = "tags";
    private static final String[] DATASET_FIELDS = {"name", "digest", "stype", "source", "schema", "profile"};

    private RunItems() {
    }

    static Map<String, AttributeValue> headerKey(String runId) {
        return Attrs.key(MetaSchema.runPk(runId), MetaSchema.HEADER_SK);
    }

    static Map<String, AttributeValue> header(RunInfo info, String parentRunId) {
        Map<String, AttributeValue> item = new HashMap<>(headerKey(info.runId()));
        item.putAll(headerFields(info));
        if (parentRunId != null && !parentRunId.isEmpty()) {
            item.put(MetaSchema.R_PARENT, s(parentRunId));
        }
        return item;
    }

    /** Everything of the header that {@link RunInfo} owns, index keys included; absent optionals are left out. */
    static Map<String, AttributeValue> headerFields(RunInfo info) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, s(info.runId()));
        item.put(EXPERIMENT, s(info.experimentId()));
        putIfPresent(item, NAME, info.runName());
        putIfPresent(item, USER, info.userId());
        item.put(STATUS, s(info.status().name()));
        item.put(START, n(info.startTime()));
        if (info.endTime() != null) {
            item.put(END, n(info.endTime()));
        }
        putIfPresent(item, URI, info.artifactUri());
        item.put(STAGE, s(info.lifecycleStage().wire()));
        item.put(MetaSchema.R_EXPERIMENT, s(MetaSchema.runsPartition(info.experimentId(), info.lifecycleStage())));
        item.put(MetaSchema.R_STATUS, s(MetaSchema.statusPartition(info.experimentId(), info.lifecycleStage(),
                info.status())));
        item.put(MetaSchema.R_ORDER, s(MetaSchema.runOrder(info.startTime(), info.runId())));
        return item;
    }

    /** Optional header fields a header update must remove when the new {@link RunInfo} has none. */
    static List<String> optionalFields() {
        return List.of(NAME, USER, END, URI);
    }

    static RunInfo info(Map<String, AttributeValue> header) {
        return new RunInfo(Attrs.string(header, ID), Attrs.string(header, EXPERIMENT), Attrs.string(header, NAME),
                Attrs.string(header, USER), RunStatus.valueOf(Attrs.string(header, STATUS)),
                Attrs.number(header, START, 0), Attrs.number(header, END),
                Attrs.string(header, URI), ExperimentItems.stage(Attrs.string(header, STAGE)));
    }

    static String parentRunId(Map<String, AttributeValue> header) {
        return Attrs.string(header, MetaSchema.R_PARENT);
    }

    static Map<String, AttributeValue> dataKey(String runId, String prefix, String key) {
        return Attrs.key(MetaSchema.runPk(runId), prefix + key);
    }

    static Map<String, AttributeValue> value(String runId, String prefix, String key, String value) {
        Map<String, AttributeValue> item = new HashMap<>(dataKey(runId, prefix, key));
        item.put(VALUE, s(value));
        return item;
    }

    static Map<String, AttributeValue> metric(String runId, MetricPoint point) {
        Map<String, AttributeValue> item = new HashMap<>(dataKey(runId, MetaSchema.METRIC, point.key()));
        item.put(ORDER, s(MetricOrder.encode(point)));
        return item;
    }

    static Map<String, AttributeValue> dataset(String runId, DatasetInput input, long sequence) {
        Map<String, AttributeValue> item = new HashMap<>(dataKey(runId, MetaSchema.DATASET, identity(input)));
        item.put(SEQUENCE, n(sequence));
        List<AttributeValue> tags = new ArrayList<>();
        for (Tag tag : input.tags()) {
            tags.add(AttributeValue.fromM(Map.of("k", s(tag.key()), "v", s(tag.value()))));
        }
        item.put(DATASET_TAGS, AttributeValue.fromL(tags));
        String[] values = datasetValues(input.dataset());
        for (int i = 0; i < DATASET_FIELDS.length; i++) {
            putIfPresent(item, DATASET_FIELDS[i], values[i]);
        }
        return item;
    }

    static DatasetInput dataset(Map<String, AttributeValue> item) {
        List<Tag> tags = new ArrayList<>();
        for (AttributeValue tag : item.get(DATASET_TAGS).l()) {
            tags.add(new Tag(Attrs.string(tag.m(), "k"), Attrs.string(tag.m(), "v")));
        }
        String[] v = new String[DATASET_FIELDS.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Attrs.string(item, DATASET_FIELDS[i]);
        }
        return new DatasetInput(tags, new DatasetInput.Dataset(v[0], v[1], v[2], v[3], v[4], v[5]));
    }

    static Map<String, AttributeValue> model(String runId, String modelId, long sequence) {
        Map<String, AttributeValue> item = new HashMap<>(dataKey(runId, MetaSchema.MODEL, modelId));
        item.put(SEQUENCE, n(sequence));
        return item;
    }

    static Map<String, AttributeValue> output(String runId, ModelOutput output, long sequence) {
        Map<String, AttributeValue> item = new HashMap<>(dataKey(runId, MetaSchema.OUTPUT,
                output.modelId() + "#" + output.step()));
        item.put(SEQUENCE, n(sequence));
        item.put(OUTPUT_MODEL, s(output.modelId()));
        item.put(OUTPUT_STEP, n(output.step()));
        return item;
    }

    static ModelOutput output(Map<String, AttributeValue> item) {
        return new ModelOutput(Attrs.string(item, OUTPUT_MODEL), Attrs.number(item, OUTPUT_STEP, 0));
    }

    /** A dataset input's identity is all of it (tags included), as in the local store; hashed to fit a key. */
    static String identity(DatasetInput input) {
        StringBuilder canonical = new StringBuilder();
        for (Tag tag : input.tags()) {
            field(canonical, tag.key());
            field(canonical, tag.value());
        }
        canonical.append('|');
        for (String value : datasetValues(input.dataset())) {
            field(canonical, value);
        }
        MessageDigest sha = ContentId.sha256();
        sha.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        return ContentId.of(sha);
    }

    private static String[] datasetValues(DatasetInput.Dataset d) {
        return new String[] {d.name(), d.digest(), d.sourceType(), d.source(), d.schema(), d.profile()};
    }

    /** Length-prefixed, so no two different inputs share a canonical form; null differs from "". */
    private static void field(StringBuilder out, String value) {
        out.append(value == null ? "-" : value.length() + ":" + value).append(';');
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}
