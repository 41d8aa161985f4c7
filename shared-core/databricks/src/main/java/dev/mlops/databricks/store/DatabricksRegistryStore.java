package dev.mlops.databricks.store;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.NewModelVersion;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.RegistryStore;
import dev.mlops.core.port.VersionQuery;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.search.RegistryMatcher;
import dev.mlops.core.search.RegistryOrdering;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.sql.Row;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The registry as one Delta table, {@code model_registry} (see {@link RegistryRows}), so that everything a model
 * owns changes in one statement on one table: a rename or delete takes all of the model's rows at once, a new
 * version's number is computed inside the MERGE that inserts it, and a promotion with archive rewrites the target
 * and the archived versions in one UPDATE. Delta rejects the later of two concurrent commits that read what the
 * other wrote; the warehouse layer runs it again, so N concurrent registrations get exactly 1..N.
 */
public final class DatabricksRegistryStore implements RegistryStore {

    /** How long an internally generated request key recognises a repeat of a create whose answer was lost. */
    private static final Duration INTERNAL_KEY_WINDOW = Duration.ofMinutes(10);

    private final Warehouse warehouse;
    private final String table;

    public DatabricksRegistryStore(Warehouse warehouse, DatabricksSettings settings) {
        this.warehouse = warehouse;
        this.table = settings.table(DeltaSchema.MODEL_REGISTRY);
    }

    // ---- models

    @Override
    public RegisteredModel createModel(RegisteredModel model) {
        long inserted = Warehouse.inserted(write(Sql.of("MERGE INTO " + table + " t USING (SELECT ? AS name) s ON"
                        + " t.name = s.name AND t.version = 0 WHEN NOT MATCHED THEN INSERT (name, version,"
                        + " creation_timestamp, last_updated_timestamp, description, tags, aliases, deleted) VALUES"
                        + " (s.name, 0, ?, ?, ?, from_json(?, " + Codec.MAP_TYPE + "), NULL, false)",
                model.name(), model.creationTimestamp(), model.lastUpdatedTimestamp(),
                Sql.nullable(model.description()), Codec.json(model.tags())), Warehouse.Retry.ONCE));
        if (inserted == 0) {
            throw RegistryRows.modelExists(model.name());
        }
        return getModel(model.name()).orElseThrow();
    }

    @Override
    public Optional<RegisteredModel> getModel(String name) {
        List<Row> rows = warehouse.query(Sql.of("SELECT " + RegistryRows.COLUMNS + " FROM " + table + " WHERE name = ?"
                + " AND (version = 0 OR (NOT deleted AND size(aliases) > 0))", name));
        return RegistryRows.models(rows).stream().findFirst();
    }

    /** All of the model's rows take the new name in one MERGE, which refuses when the new name has rows. */
    @Override
    public RegisteredModel renameModel(String name, String newName, long timestamp) {
        if (name.equals(newName)) {
            return getModel(name).orElseThrow(() -> RegistryRows.modelNotFound(name));
        }
        long renamed = Warehouse.affected(write(Sql.of("MERGE INTO " + table + " t USING (SELECT ? AS old_name,"
                        + " (SELECT COUNT(*) FROM " + table + " WHERE name = ?) AS clash) s ON t.name = s.old_name"
                        + " WHEN MATCHED AND s.clash = 0 THEN UPDATE SET name = ?, last_updated_timestamp = CASE WHEN"
                        + " t.version = 0 THEN ? ELSE t.last_updated_timestamp END",
                name, newName, newName, timestamp), Warehouse.Retry.ONCE));
        if (renamed == 0) {
            if (getModel(name).isEmpty()) {
                throw RegistryRows.modelNotFound(name);
            }
            throw RegistryRows.modelExists(newName);
        }
        return getModel(newName).orElseThrow(() -> RegistryRows.modelNotFound(newName));
    }

    @Override
    public RegisteredModel updateModelDescription(String name, String description, long timestamp) {
        requireChanged(write(Sql.of("UPDATE " + table + " SET description = ?, last_updated_timestamp = ? WHERE"
                + " name = ? AND version = 0", Sql.nullable(description), timestamp, name), Warehouse.Retry.SAFE),
                () -> RegistryRows.modelNotFound(name));
        return getModel(name).orElseThrow(() -> RegistryRows.modelNotFound(name));
    }

    /** One DELETE of every row the model owns: versions, tombstones, aliases and tags go with it. */
    @Override
    public void deleteModel(String name) {
        requireChanged(write(Sql.of("DELETE FROM " + table + " WHERE name = ?", name), Warehouse.Retry.ONCE),
                () -> RegistryRows.modelNotFound(name));
    }

    @Override
    public void setModelTag(String name, String key, String value, long timestamp) {
        requireChanged(write(Sql.of("UPDATE " + table + " SET tags = map_concat(map_filter(tags, (k, v) -> k <> ?),"
                + " map(?, ?)) WHERE name = ? AND version = 0", key, key, value, name), Warehouse.Retry.SAFE),
                () -> RegistryRows.modelNotFound(name));
    }

    @Override
    public void deleteModelTag(String name, String key, long timestamp) {
        requireChanged(write(Sql.of("UPDATE " + table + " SET tags = map_filter(tags, (k, v) -> k <> ?) WHERE"
                + " name = ? AND version = 0", key, name), Warehouse.Retry.SAFE),
                () -> RegistryRows.modelNotFound(name));
    }

    /**
     * Moves the alias onto the version in one MERGE over the model's version rows; it changes nothing unless the
     * target version is live, so a missing version leaves every alias where it was.
     */
    @Override
    public void setAlias(String name, String alias, int version, long timestamp) {
        long changed = Warehouse.affected(write(Sql.of("MERGE INTO " + table + " t USING (SELECT (SELECT COUNT(*) FROM "
                        + table + " WHERE name = ? AND version = ? AND version > 0 AND NOT deleted) AS found) s ON"
                        + " t.name = ? AND t.version > 0 AND NOT t.deleted AND (t.version = ? OR"
                        + " array_contains(t.aliases, ?)) WHEN MATCHED AND s.found = 1 THEN UPDATE SET aliases ="
                        + " CASE WHEN t.version = ? THEN array_union(array_remove(t.aliases, ?), array(?)) ELSE"
                        + " array_remove(t.aliases, ?) END",
                name, version, name, version, alias, version, alias, alias, alias), Warehouse.Retry.SAFE));
        if (changed == 0) {
            requireModel(name);
            throw RegistryRows.versionNotFound(name, version);
        }
    }

    @Override
    public void deleteAlias(String name, String alias, long timestamp) {
        long changed = Warehouse.affected(write(Sql.of("UPDATE " + table + " SET aliases = array_remove(aliases, ?)"
                + " WHERE name = ? AND version > 0 AND array_contains(aliases, ?)", alias, name, alias),
                Warehouse.Retry.SAFE));
        if (changed == 0) {
            requireModel(name);
        }
    }

    @Override
    public Page<RegisteredModel> searchModels(ModelQuery query) {
        Comparator<RegisteredModel> order = RegistryOrdering.models(query.orderBy());
        List<RegisteredModel> matching = RegistryRows.models(warehouse.query(Sql.of("SELECT " + RegistryRows.COLUMNS
                        + " FROM " + table + " WHERE version = 0 OR (NOT deleted AND size(aliases) > 0)"))).stream()
                .filter(m -> RegistryMatcher.matches(query.filter(), m))
                .sorted(order)
                .toList();
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    // ---- versions

    /**
     * One MERGE: its source exists only when the model does, computes the next number from the model's highest
     * row (tombstones included, so numbers are never reused), and matches an earlier version created under the
     * same request key inside its window, in which case nothing is inserted and that version is answered. A call
     * without a key gets a key of its own, which makes repeating the MERGE after a lost answer safe.
     */
    @Override
    public ModelVersion createVersion(NewModelVersion v) {
        String key = v.idempotencyKey() != null ? v.idempotencyKey() : "internal:" + UUID.randomUUID();
        long until = v.idempotencyKey() != null ? v.idempotentUntil()
                : v.timestamp() + INTERNAL_KEY_WINDOW.toMillis();
        write(Sql.of("MERGE INTO " + table + " t USING (SELECT m.name, (SELECT COALESCE(MAX(version), 0) + 1 FROM "
                        + table + " WHERE name = ?) AS next_version, (SELECT MAX(version) FROM " + table
                        + " WHERE name = ? AND version > 0 AND NOT deleted AND request_key = ? AND request_until > ?) AS replay FROM "
                        + table + " m WHERE m.name = ? AND m.version = 0) s ON t.name = s.name AND (t.version ="
                        + " s.next_version OR t.version = s.replay) WHEN NOT MATCHED THEN INSERT (name, version,"
                        + " creation_timestamp, last_updated_timestamp, description, tags, user_id, current_stage,"
                        + " source, run_id, run_link, status, status_message, model_id, aliases, deleted,"
                        + " request_key, request_until) VALUES (s.name, s.next_version, ?, ?, ?, from_json(?, "
                        + Codec.MAP_TYPE + "), ?, ?, ?, ?, ?, ?, ?, ?, array(), false, ?, ?)",
                v.name(), v.name(), key, v.timestamp(), v.name(), v.timestamp(), v.timestamp(),
                Sql.nullable(v.description()), Codec.json(v.tags()), Sql.nullable(v.userId()),
                ModelStage.NONE.wire(), v.source(), Sql.nullable(v.runId()), Sql.nullable(v.runLink()),
                v.status().name(), Sql.nullable(v.statusMessage()), Sql.nullable(v.modelId()), key, until),
                Warehouse.Retry.SAFE);
        List<Row> created = warehouse.query(Sql.of("SELECT " + RegistryRows.COLUMNS + " FROM " + table + " WHERE name"
                + " = ? AND version > 0 AND NOT deleted AND request_key = ? ORDER BY version DESC LIMIT 1",
                v.name(), key));
        if (created.isEmpty()) {
            requireModel(v.name());
            throw new IllegalStateException("A model version was neither created nor found for its request key");
        }
        return RegistryRows.version(created.get(0));
    }

    @Override
    public Optional<ModelVersion> getVersion(String name, int version) {
        return warehouse.query(Sql.of("SELECT " + RegistryRows.COLUMNS + " FROM " + table + " WHERE name = ? AND"
                + " version = ? AND version > 0 AND NOT deleted", name, version)).stream().findFirst()
                .map(RegistryRows::version);
    }

    @Override
    public ModelVersion updateVersion(ModelVersion v) {
        requireVersionChanged(write(Sql.of("UPDATE " + table + " SET description = ?, status = ?, status_message = ?,"
                        + " last_updated_timestamp = ? WHERE name = ? AND version = ? AND version > 0 AND NOT deleted",
                Sql.nullable(v.description()), v.status().name(), Sql.nullable(v.statusMessage()),
                v.lastUpdatedTimestamp(), v.name(), v.version()), Warehouse.Retry.SAFE), v.name(), v.version());
        return getVersion(v.name(), v.version()).orElseThrow(() -> RegistryRows.versionNotFound(v.name(),
                v.version()));
    }

    /** A tombstone: the row stays (so its number is never reused) without aliases. */
    @Override
    public void deleteVersion(String name, int version) {
        requireVersionChanged(write(Sql.of("UPDATE " + table + " SET deleted = true, aliases = array() WHERE name = ?"
                + " AND version = ? AND version > 0 AND NOT deleted", name, version), Warehouse.Retry.ONCE),
                name, version);
    }

    /**
     * One MERGE over the target and, when archiving, the versions now in the target stage; it changes nothing
     * unless the target is live. Exactly one version ends in the stage whatever the concurrency: two promotions
     * conflict in Delta and the later one runs again on the first one's result.
     */
    @Override
    public ModelVersion transitionStage(String name, int version, ModelStage stage, boolean archiveExisting,
                                        long timestamp) {
        boolean archive = archiveExisting && (stage == ModelStage.STAGING || stage == ModelStage.PRODUCTION);
        requireVersionChanged(write(Sql.of("MERGE INTO " + table + " t USING (SELECT (SELECT COUNT(*) FROM " + table
                        + " WHERE name = ? AND version = ? AND version > 0 AND NOT deleted) AS found) s ON t.name = ?"
                        + " AND t.version > 0 AND NOT t.deleted AND (t.version = ? OR (? AND t.current_stage = ?))"
                        + " WHEN MATCHED AND s.found = 1 THEN UPDATE SET current_stage = CASE WHEN t.version = ? THEN"
                        + " ? ELSE ? END, last_updated_timestamp = ?",
                name, version, name, version, archive, stage.wire(), version, stage.wire(),
                ModelStage.ARCHIVED.wire(), timestamp), Warehouse.Retry.SAFE), name, version);
        return getVersion(name, version).orElseThrow(() -> RegistryRows.versionNotFound(name, version));
    }

    /**
     * One MERGE over the model's live versions: the target moves to Production and gains the aliases, every other
     * Production version moves to Archived, and every other holder of one of the aliases loses it, all in one Delta
     * commit. Safe to repeat: a second run converges on the same rows.
     */
    @Override
    public ModelVersion rollBack(String name, int version, Collection<String> aliases, long timestamp) {
        String moved = Codec.json(List.copyOf(new LinkedHashSet<>(aliases)));
        String production = ModelStage.PRODUCTION.wire();
        requireVersionChanged(write(Sql.of("MERGE INTO " + table + " t USING (SELECT (SELECT COUNT(*) FROM " + table
                        + " WHERE name = ? AND version = ? AND version > 0 AND NOT deleted) AS found, from_json(?, "
                        + Codec.LIST_TYPE + ") AS moved) s ON t.name = ? AND t.version > 0 AND NOT t.deleted AND"
                        + " (t.version = ? OR t.current_stage = ? OR arrays_overlap(t.aliases, s.moved))"
                        + " WHEN MATCHED AND s.found = 1 THEN UPDATE SET"
                        + " current_stage = CASE WHEN t.version = ? THEN ? WHEN t.current_stage = ? THEN ? ELSE"
                        + " t.current_stage END,"
                        + " last_updated_timestamp = CASE WHEN t.version = ? OR t.current_stage = ? THEN ? ELSE"
                        + " t.last_updated_timestamp END,"
                        + " aliases = CASE WHEN t.version = ? THEN array_union(t.aliases, s.moved) ELSE"
                        + " array_except(t.aliases, s.moved) END",
                name, version, moved, name, version, production,
                version, production, production, ModelStage.ARCHIVED.wire(),
                version, production, timestamp,
                version), Warehouse.Retry.SAFE), name, version);
        return getVersion(name, version).orElseThrow(() -> RegistryRows.versionNotFound(name, version));
    }

    @Override
    public void setVersionTag(String name, int version, String key, String value, long timestamp) {
        requireVersionChanged(write(Sql.of("UPDATE " + table + " SET tags = map_concat(map_filter(tags, (k, v) -> k"
                        + " <> ?), map(?, ?)) WHERE name = ? AND version = ? AND version > 0 AND NOT deleted",
                key, key, value, name, version), Warehouse.Retry.SAFE), name, version);
    }

    @Override
    public void deleteVersionTag(String name, int version, String key, long timestamp) {
        requireVersionChanged(write(Sql.of("UPDATE " + table + " SET tags = map_filter(tags, (k, v) -> k <> ?) WHERE"
                + " name = ? AND version = ? AND version > 0 AND NOT deleted", key, name, version),
                Warehouse.Retry.SAFE), name, version);
    }

    @Override
    public Page<ModelVersion> searchVersions(VersionQuery query) {
        Comparator<ModelVersion> order = RegistryOrdering.versions(query.orderBy());
        List<ModelVersion> matching = RegistryRows.liveVersions(warehouse.query(Sql.of("SELECT "
                        + RegistryRows.COLUMNS + " FROM " + table + " WHERE version > 0 AND NOT deleted"))).stream()
                .filter(v -> RegistryMatcher.matches(query.filter(), v))
                .sorted(order)
                .toList();
        return PageToken.page(matching, query.maxResults(), query.pageToken());
    }

    @Override
    public List<ModelVersion> versionsOf(String name) {
        List<Row> rows = warehouse.query(Sql.of("SELECT " + RegistryRows.COLUMNS + " FROM " + table
                + " WHERE name = ?", name));
        if (rows.stream().noneMatch(RegistryRows::isModel)) {
            throw RegistryRows.modelNotFound(name);
        }
        return RegistryRows.liveVersions(rows);
    }

    // ---- helpers

    /** Every registry write runs in one lane of this process: all of them conflict with each other in Delta. */
    private List<Row> write(Sql sql, Warehouse.Retry retry) {
        return warehouse.inLane(table, () -> warehouse.execute(sql, retry));
    }

    private static void requireChanged(List<Row> result, Supplier<RuntimeException> otherwise) {
        if (Warehouse.affected(result) == 0) {
            throw otherwise.get();
        }
    }

    private void requireVersionChanged(List<Row> result, String name, int version) {
        if (Warehouse.affected(result) == 0) {
            requireModel(name);
            throw RegistryRows.versionNotFound(name, version);
        }
    }

    private void requireModel(String name) {
        if (warehouse.query(Sql.of("SELECT 1 AS found FROM " + table + " WHERE name = ? AND version = 0", name))
                .isEmpty()) {
            throw RegistryRows.modelNotFound(name);
        }
    }
}
