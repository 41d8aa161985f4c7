package dev.mlops.aws.dynamo;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Key layout of the registry table (see docs/dynamodb-design.md). One partition per model, {@code M#<name>}:
 * <ul>
 * <li>sk {@code M}: the model, with its tags and aliases as maps, the last allocated version number
 * ({@link #NEXT_VERSION}), a revision bumped by every alias or stage change ({@link #REV}, the optimistic lock that
 * keeps aliases and stages consistent) and the versions currently in Staging or Production ({@link #LIVE}), so a
 * transition never reads the model's other versions;</li>
 * <li>sk {@code V#0000000042}: one item per version, zero-padded so the partition reads in version order;</li>
 * <li>sk {@code I#<key>}: an idempotency record naming the version a create request produced.</li>
 * </ul>
 * A single global index, {@link #SEARCH_INDEX}, lists models ({@code M#<shard>}) and versions ({@code V#<shard>})
 * across all models, spread over {@link #SHARDS} partitions so no index partition takes every write.
 */
final class RegistrySchema {

    static final String PK = MetaSchema.PK;
    static final String SK = MetaSchema.SK;

    static final String SEARCH_INDEX = "registry-search";
    static final String SEARCH_PK = "gs";
    static final String SEARCH_SK = "go";
    static final int SHARDS = 8;

    static final String MODEL_SK = "M";
    static final String VERSION = "V#";
    static final String IDEMPOTENCY = "I#";

    // model and version attributes
    static final String NAME = "name";
    static final String CREATED = "ct";
    static final String UPDATED = "lut";
    static final String DESCRIPTION = "desc";
    static final String TAGS = "tags";
    static final String ALIASES = "aliases";
    static final String NEXT_VERSION = "nv";
    static final String REV = "rev";
    static final String LIVE = "live";
    static final String VERSION_NUMBER = "v";
    static final String USER = "user";
    static final String STAGE = "stage";
    static final String SOURCE = "src";
    static final String RUN_ID = "run";
    static final String RUN_LINK = "link";
    static final String STATUS = "status";
    static final String STATUS_MESSAGE = "msg";
    static final String MODEL_ID = "mid";
    // idempotency record
    static final String UNTIL = "until";

    private RegistrySchema() {
    }

    static String modelPk(String name) {
        return "M#" + name;
    }

    static String versionSk(int version) {
        return VERSION + "%010d".formatted(version);
    }

    static String idempotencySk(String key) {
        return IDEMPOTENCY + key;
    }

    static Map<String, AttributeValue> modelKey(String name) {
        return Attrs.key(modelPk(name), MODEL_SK);
    }

    static Map<String, AttributeValue> versionKey(String name, int version) {
        return Attrs.key(modelPk(name), versionSk(version));
    }

    static Map<String, AttributeValue> idempotencyKey(String name, String key) {
        return Attrs.key(modelPk(name), idempotencySk(key));
    }

    /** String.hashCode is specified by the JLS, so every process shards a name alike. */
    static String modelShard(String name) {
        return "M#" + Math.floorMod(name.hashCode(), SHARDS);
    }

    /** Versions of one model spread over all shards, so a model with many versions does not make a hot shard. */
    static String versionShard(String name, int version) {
        return VERSION + Math.floorMod(name.hashCode() * 31 + version, SHARDS);
    }
}
