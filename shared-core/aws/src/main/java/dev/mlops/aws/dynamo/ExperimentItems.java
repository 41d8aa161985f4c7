package dev.mlops.aws.dynamo;

import static dev.mlops.aws.dynamo.Attrs.n;
import static dev.mlops.aws.dynamo.Attrs.s;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.LifecycleStage;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Experiment and name-claim items. A claim ({@code N#<name>}) names its experiment and carries a copy of it as
 * created, so whoever finds a claim without its experiment item can finish an interrupted create.
 */
final class ExperimentItems {

    static final String ID = "id";
    static final String NAME = "name";
    static final String CLAIMED_BY = "eid";
    private static final String LOCATION = "loc";
    private static final String STAGE = "stage";
    private static final String CREATED = "ctime";
    private static final String UPDATED = "mtime";
    private static final String TAGS = "tags";
    private static final String SNAPSHOT = "snapshot";

    private ExperimentItems() {
    }

    static Map<String, AttributeValue> key(String experimentId) {
        return Attrs.key(MetaSchema.experimentPk(experimentId), MetaSchema.EXPERIMENT_SK);
    }

    static Map<String, AttributeValue> claimKey(String name) {
        return Attrs.key(MetaSchema.namePk(name), MetaSchema.NAME_SK);
    }

    static Map<String, AttributeValue> item(Experiment e) {
        Map<String, AttributeValue> item = new HashMap<>(key(e.experimentId()));
        item.put(ID, s(e.experimentId()));
        item.put(NAME, s(e.name()));
        item.put(LOCATION, s(e.artifactLocation()));
        item.put(STAGE, s(e.lifecycleStage().wire()));
        item.put(CREATED, n(e.creationTime()));
        item.put(UPDATED, n(e.lastUpdateTime()));
        Map<String, AttributeValue> tags = new HashMap<>();
        e.tags().forEach((k, v) -> tags.put(k, s(v)));
        item.put(TAGS, AttributeValue.fromM(tags));
        item.put(MetaSchema.X_STAGE, s(e.lifecycleStage().wire()));
        item.put(MetaSchema.X_ORDER, s(MetaSchema.experimentOrder(e.creationTime(), e.experimentId())));
        return item;
    }

    static Experiment experiment(Map<String, AttributeValue> item) {
        Map<String, String> tags = new TreeMap<>();
        AttributeValue stored = item.get(TAGS);
        if (stored != null && stored.hasM()) {
            stored.m().forEach((k, v) -> tags.put(k, v.s()));
        }
        return new Experiment(Attrs.string(item, ID), Attrs.string(item, NAME), Attrs.string(item, LOCATION),
                stage(Attrs.string(item, STAGE)), Attrs.number(item, CREATED, 0),
                Attrs.number(item, UPDATED, 0), tags);
    }

    static Map<String, AttributeValue> claim(Experiment e) {
        Map<String, AttributeValue> item = new HashMap<>(claimKey(e.name()));
        item.put(CLAIMED_BY, s(e.experimentId()));
        item.put(SNAPSHOT, AttributeValue.fromM(item(e)));
        return item;
    }

    /** The experiment a claim was created with; only used to finish a create that stopped after the claim. */
    static Experiment snapshot(Map<String, AttributeValue> claim) {
        return experiment(claim.get(SNAPSHOT).m());
    }

    static LifecycleStage stage(String wire) {
        for (LifecycleStage stage : LifecycleStage.values()) {
            if (stage.wire().equals(wire)) {
                return stage;
            }
        }
        throw new IllegalStateException("Unknown lifecycle stage '" + wire + "' in DynamoDB item");
    }
}
