package dev.mlops.databricks.store;

import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.WebhookStore;
import dev.mlops.core.webhook.Webhook;
import dev.mlops.core.webhook.WebhookEvent;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.DeltaSchema;
import dev.mlops.databricks.sql.Row;
import dev.mlops.databricks.sql.Sql;
import dev.mlops.databricks.sql.Warehouse;
import java.util.List;
import java.util.Optional;

/**
 * MLflow webhooks in {@code webhooks}, one row each. The HMAC secret is stored only as the sealed text the service
 * hands over ({@code encrypted_secret}); events are their wire names ({@code MODEL_VERSION.CREATED}) in an ARRAY.
 * Every write is one statement keyed on the webhook id, so repeating it converges on the same row.
 */
public final class DatabricksWebhookStore implements WebhookStore {

    private static final String COLUMNS = "webhook_id, name, description, url, to_json(events) AS events, status,"
            + " creation_timestamp, last_updated_timestamp, encrypted_secret";

    private final Warehouse warehouse;
    private final String table;

    public DatabricksWebhookStore(Warehouse warehouse, DatabricksSettings settings) {
        this.warehouse = warehouse;
        this.table = settings.table(DeltaSchema.WEBHOOKS);
    }

    /** MERGE on the id: a retried create (same id) inserts nothing more. */
    @Override
    public Webhook create(Webhook w) {
        warehouse.inLane(table, () -> warehouse.execute(Sql.of("MERGE INTO " + table + " t USING (SELECT ? AS"
                        + " webhook_id) s ON t.webhook_id = s.webhook_id WHEN NOT MATCHED THEN INSERT (webhook_id, name,"
                        + " description, url, events, status, creation_timestamp, last_updated_timestamp,"
                        + " encrypted_secret) VALUES (s.webhook_id, ?, ?, ?, from_json(?, " + Codec.LIST_TYPE
                        + "), ?, ?, ?, ?)", w.id(), Sql.nullable(w.name()), Sql.nullable(w.description()), w.url(),
                events(w), w.status().name(), w.creationTimestamp(), w.lastUpdatedTimestamp(),
                Sql.nullable(w.encryptedSecret())), Warehouse.Retry.SAFE));
        return w;
    }

    @Override
    public Optional<Webhook> get(String id) {
        return warehouse.query(Sql.of("SELECT " + COLUMNS + " FROM " + table + " WHERE webhook_id = ?", id)).stream()
                .findFirst().map(DatabricksWebhookStore::webhook);
    }

    @Override
    public List<Webhook> list() {
        return warehouse.query(Sql.of("SELECT " + COLUMNS + " FROM " + table
                + " ORDER BY creation_timestamp DESC, webhook_id")).stream().map(DatabricksWebhookStore::webhook)
                .toList();
    }

    @Override
    public Webhook update(Webhook w) {
        long changed = Warehouse.affected(warehouse.inLane(table, () -> warehouse.execute(Sql.of("UPDATE " + table
                        + " SET name = ?, description = ?, url = ?, events = from_json(?, " + Codec.LIST_TYPE + "),"
                        + " status = ?, creation_timestamp = ?, last_updated_timestamp = ?, encrypted_secret = ?"
                        + " WHERE webhook_id = ?", Sql.nullable(w.name()), Sql.nullable(w.description()), w.url(),
                events(w), w.status().name(), w.creationTimestamp(), w.lastUpdatedTimestamp(),
                Sql.nullable(w.encryptedSecret()), w.id()), Warehouse.Retry.SAFE)));
        if (changed == 0) {
            throw notFound(w.id());
        }
        return w;
    }

    @Override
    public void delete(String id) {
        long removed = Warehouse.affected(warehouse.inLane(table, () -> warehouse.execute(Sql.of("DELETE FROM "
                + table + " WHERE webhook_id = ?", id), Warehouse.Retry.ONCE)));
        if (removed == 0) {
            throw notFound(id);
        }
    }

    private static String events(Webhook w) {
        return Codec.json(w.events().stream().map(WebhookEvent::toString).toList());
    }

    private static Webhook webhook(Row r) {
        return new Webhook(r.str("webhook_id"), r.str("name"), r.str("description"), r.str("url"),
                Codec.list(r, "events").stream().map(WebhookEvent::parse).toList(),
                Webhook.Status.valueOf(r.str("status")), r.lng("creation_timestamp"),
                r.lng("last_updated_timestamp"), r.str("encrypted_secret"));
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("Webhook with ID " + id + " not found.");
    }
}
