package dev.mlops.databricks.store;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.error.ResourceAlreadyExistsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.databricks.sql.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the single {@code model_registry} table reads back: the row with version 0 is the registered model, rows with
 * version 1.. are its versions (a deleted version stays as a tombstone with {@code deleted = true}, so its number is
 * never handed out again). A model's aliases live on the version rows they point at, so moving or deleting one is
 * a change of version rows only.
 */
final class RegistryRows {

    static final String COLUMNS = "name, version, creation_timestamp, last_updated_timestamp, description,"
            + " to_json(tags) AS tags, user_id, current_stage, source, run_id, run_link, status, status_message,"
            + " model_id, to_json(aliases) AS aliases, deleted";

    private RegistryRows() {
    }

    static boolean isModel(Row r) {
        return r.integer("version") == 0;
    }

    static boolean isLiveVersion(Row r) {
        return r.integer("version") > 0 && !r.bool("deleted");
    }

    static ModelVersion version(Row r) {
        return new ModelVersion(r.str("name"), r.integer("version"), r.lng("creation_timestamp"),
                r.lng("last_updated_timestamp"), r.str("user_id"), Stages.modelStage(r.str("current_stage")),
                r.str("description"), r.str("source"), r.str("run_id"), r.str("run_link"),
                VersionStatus.valueOf(r.str("status")), r.str("status_message"), Codec.map(r, "tags"),
                r.str("model_id"));
    }

    /** Registered models from model rows plus the alias-carrying version rows of the same answer. */
    static List<RegisteredModel> models(List<Row> rows) {
        Map<String, Row> models = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> aliases = new HashMap<>();
        for (Row r : rows) {
            if (isModel(r)) {
                models.put(r.str("name"), r);
            } else if (isLiveVersion(r)) {
                for (String alias : Codec.list(r, "aliases")) {
                    aliases.computeIfAbsent(r.str("name"), n -> new HashMap<>()).put(alias, r.integer("version"));
                }
            }
        }
        List<RegisteredModel> out = new ArrayList<>();
        models.forEach((name, r) -> out.add(new RegisteredModel(name, r.lng("creation_timestamp"),
                r.lng("last_updated_timestamp"), r.str("description"), Codec.map(r, "tags"),
                aliases.getOrDefault(name, Map.of()))));
        return out;
    }

    static List<ModelVersion> liveVersions(List<Row> rows) {
        return rows.stream().filter(RegistryRows::isLiveVersion).map(RegistryRows::version)
                .sorted(Comparator.comparingInt(ModelVersion::version)).toList();
    }

    static ResourceNotFoundException modelNotFound(String name) {
        return new ResourceNotFoundException("Registered Model with name=" + name + " not found");
    }

    static ResourceNotFoundException versionNotFound(String name, int version) {
        return new ResourceNotFoundException("Model Version (name=" + name + ", version=" + version + ") not found");
    }

    static ResourceAlreadyExistsException modelExists(String name) {
        return new ResourceAlreadyExistsException("Registered Model (name=" + name + ") already exists.");
    }
}
