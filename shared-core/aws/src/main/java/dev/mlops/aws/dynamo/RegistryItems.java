package dev.mlops.aws.dynamo;

import static dev.mlops.aws.dynamo.RegistrySchema.ALIASES;
import static dev.mlops.aws.dynamo.RegistrySchema.CREATED;
import static dev.mlops.aws.dynamo.RegistrySchema.DESCRIPTION;
import static dev.mlops.aws.dynamo.RegistrySchema.LIVE;
import static dev.mlops.aws.dynamo.RegistrySchema.MODEL_ID;
import static dev.mlops.aws.dynamo.RegistrySchema.NAME;
import static dev.mlops.aws.dynamo.RegistrySchema.NEXT_VERSION;
import static dev.mlops.aws.dynamo.RegistrySchema.REV;
import static dev.mlops.aws.dynamo.RegistrySchema.RUN_ID;
import static dev.mlops.aws.dynamo.RegistrySchema.RUN_LINK;
import static dev.mlops.aws.dynamo.RegistrySchema.SEARCH_PK;
import static dev.mlops.aws.dynamo.RegistrySchema.SEARCH_SK;
import static dev.mlops.aws.dynamo.RegistrySchema.SOURCE;
import static dev.mlops.aws.dynamo.RegistrySchema.STAGE;
import static dev.mlops.aws.dynamo.RegistrySchema.STATUS;
import static dev.mlops.aws.dynamo.RegistrySchema.STATUS_MESSAGE;
import static dev.mlops.aws.dynamo.RegistrySchema.TAGS;
import static dev.mlops.aws.dynamo.RegistrySchema.UNTIL;
import static dev.mlops.aws.dynamo.RegistrySchema.UPDATED;
import static dev.mlops.aws.dynamo.RegistrySchema.USER;
import static dev.mlops.aws.dynamo.RegistrySchema.VERSION_NUMBER;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Registry items to and from domain records; the layout is in {@link RegistrySchema}. */
final class RegistryItems {

    private RegistryItems() {
    }

    /** The model item; {@code live} maps version number to stage for versions in Staging or Production. */
    static Map<String, AttributeValue> model(RegisteredModel model, long nextVersion, long rev,
                                             Map<String, String> live) {
        Map<String, AttributeValue> item = new HashMap<>(RegistrySchema.modelKey(model.name()));
        item.put(SEARCH_PK, AttributeValue.fromS(RegistrySchema.modelShard(model.name())));
        item.put(SEARCH_SK, AttributeValue.fromS(model.name()));
        item.put(NAME, AttributeValue.fromS(model.name()));
        item.put(CREATED, Attrs.n(model.creationTimestamp()));
        item.put(UPDATED, Attrs.n(model.lastUpdatedTimestamp()));
        item.put(DESCRIPTION, Attrs.s(model.description()));
        item.put(TAGS, strings(model.tags()));
        Map<String, AttributeValue> aliases = new HashMap<>();
        model.aliases().forEach((alias, version) -> aliases.put(alias, Attrs.n(version)));
        item.put(ALIASES, AttributeValue.fromM(aliases));
        item.put(NEXT_VERSION, Attrs.n(nextVersion));
        item.put(REV, Attrs.n(rev));
        item.put(LIVE, strings(live));
        return item;
    }

    static RegisteredModel model(Map<String, AttributeValue> item) {
        Map<String, Integer> aliases = new TreeMap<>();
        map(item, ALIASES).forEach((alias, version) -> aliases.put(alias, Integer.valueOf(version.n())));
        return new RegisteredModel(Attrs.string(item, NAME), Attrs.number(item, CREATED, 0),
                Attrs.number(item, UPDATED, 0), Attrs.string(item, DESCRIPTION), strings(item, TAGS), aliases);
    }

    static long nextVersion(Map<String, AttributeValue> modelItem) {
        return Attrs.number(modelItem, NEXT_VERSION, 0);
    }

    static long rev(Map<String, AttributeValue> modelItem) {
        return Attrs.number(modelItem, REV, 0);
    }

    static Map<String, String> live(Map<String, AttributeValue> modelItem) {
        return strings(modelItem, LIVE);
    }

    static Map<String, AttributeValue> version(ModelVersion version) {
        Map<String, AttributeValue> item = new HashMap<>(RegistrySchema.versionKey(version.name(),
                version.version()));
        item.put(SEARCH_PK, AttributeValue.fromS(RegistrySchema.versionShard(version.name(), version.version())));
        item.put(SEARCH_SK, AttributeValue.fromS(version.name() + "#" + RegistrySchema.versionSk(version.version())));
        item.put(NAME, AttributeValue.fromS(version.name()));
        item.put(VERSION_NUMBER, Attrs.n(version.version()));
        item.put(CREATED, Attrs.n(version.creationTimestamp()));
        item.put(UPDATED, Attrs.n(version.lastUpdatedTimestamp()));
        item.put(USER, Attrs.s(version.userId()));
        item.put(STAGE, AttributeValue.fromS(version.stage().name()));
        item.put(DESCRIPTION, Attrs.s(version.description()));
        item.put(SOURCE, Attrs.s(version.source()));
        item.put(RUN_ID, Attrs.s(version.runId()));
        item.put(RUN_LINK, Attrs.s(version.runLink()));
        item.put(STATUS, AttributeValue.fromS(version.status().name()));
        item.put(STATUS_MESSAGE, Attrs.s(version.statusMessage()));
        item.put(TAGS, strings(version.tags()));
        item.put(MODEL_ID, Attrs.s(version.modelId()));
        return item;
    }

    static ModelVersion version(Map<String, AttributeValue> item) {
        return new ModelVersion(Attrs.string(item, NAME), (int) Attrs.number(item, VERSION_NUMBER, 0),
                Attrs.number(item, CREATED, 0), Attrs.number(item, UPDATED, 0), Attrs.string(item, USER),
                ModelStage.valueOf(Attrs.string(item, STAGE)), Attrs.string(item, DESCRIPTION),
                Attrs.string(item, SOURCE), Attrs.string(item, RUN_ID), Attrs.string(item, RUN_LINK),
                VersionStatus.valueOf(Attrs.string(item, STATUS)), Attrs.string(item, STATUS_MESSAGE),
                strings(item, TAGS), Attrs.string(item, MODEL_ID));
    }

    /** Records which version a create request produced, until {@code until} (epoch millis). */
    static Map<String, AttributeValue> idempotency(String name, String key, int version, long until) {
        Map<String, AttributeValue> item = new HashMap<>(RegistrySchema.idempotencyKey(name, key));
        item.put(VERSION_NUMBER, Attrs.n(version));
        item.put(UNTIL, Attrs.n(until));
        return item;
    }

    static AttributeValue strings(Map<String, String> values) {
        Map<String, AttributeValue> map = new HashMap<>();
        values.forEach((k, v) -> map.put(k, AttributeValue.fromS(v)));
        return AttributeValue.fromM(map);
    }

    private static Map<String, String> strings(Map<String, AttributeValue> item, String name) {
        Map<String, String> values = new TreeMap<>();
        map(item, name).forEach((k, v) -> values.put(k, v.s()));
        return values;
    }

    private static Map<String, AttributeValue> map(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasM() ? Map.of() : value.m();
    }
}
