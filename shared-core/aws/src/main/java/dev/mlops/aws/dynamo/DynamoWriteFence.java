package dev.mlops.aws.dynamo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.error.TemporarilyUnavailableException;
import dev.mlops.core.recovery.RestoreJournal;
import dev.mlops.core.recovery.WriteFence;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The fence across every Lambda instance: one item ({@code pk=~recovery, sk=fence}) in the metadata table, which
 * snapshots never capture. Writers read it through a short cache ({@code cacheTtl}); whoever raises the fence waits
 * {@code cacheTtl + drain} after writing it, so every instance has seen it and writes admitted just before have
 * finished. A snapshot's or repair's fence expires by itself ({@code maxHold}) if its holder dies; a restore's
 * journal stays until the restore finishes, so writes are refused until then, across crashes and cold starts.
 */
public final class DynamoWriteFence implements WriteFence {

    static final String PK_VALUE = "~recovery";
    static final String SK_VALUE = "fence";
    private static final String REASON = "reason";
    private static final String JOURNAL = "journal";
    private static final String EXPIRES = "expires_ms";
    private static final String HOLDER = "holder";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The fence as last read, and when. */
    private record Seen(Map<String, AttributeValue> item, long at) {
    }

    private final DynamoDbClient client;
    private final String table;
    private final DynamoGuard guard;
    private final long cacheMillis;
    private final long drainMillis;
    private final long snapshotWaitMillis;
    private final long maxHoldMillis;
    private volatile Seen seen;

    public DynamoWriteFence(DynamoDbClient client, DynamoTables tables, DynamoGuard guard, Duration cacheTtl,
                            Duration drain, Duration snapshotWait, Duration maxHold) {
        this.client = client;
        this.table = tables.metadata();
        this.guard = guard;
        this.cacheMillis = cacheTtl.toMillis();
        this.drainMillis = drain.toMillis();
        this.snapshotWaitMillis = snapshotWait.toMillis();
        this.maxHoldMillis = maxHold.toMillis();
    }

    /** True for the fence item, which table snapshots leave out. */
    public static boolean isFenceItem(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get(MetaSchema.PK);
        return pk != null && PK_VALUE.equals(pk.s());
    }

    @Override
    public Permit admit() {
        long deadline = System.currentTimeMillis() + snapshotWaitMillis;
        Map<String, AttributeValue> fence = cached();
        while (active(fence) && !isRestore(fence) && System.currentTimeMillis() < deadline) {
            sleep(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
            fence = read();
        }
        if (active(fence)) {
            throw new TemporarilyUnavailableException(isRestore(fence)
                    ? "A restore of snapshot " + journalOf(fence).map(RestoreJournal::snapshotId).orElse("?")
                    + " is in progress; writes are refused until it has finished. Try again shortly."
                    : "A " + fence.get(REASON).s().toLowerCase(Locale.ROOT) + " holds the state; try again shortly.",
                    null);
        }
        return Permit.NONE;
    }

    @Override
    public Hold raise(Reason reason, RestoreJournal journal) {
        String holder = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        Map<String, AttributeValue> item = new java.util.HashMap<>(key());
        item.put(REASON, AttributeValue.fromS(reason.name()));
        item.put(HOLDER, AttributeValue.fromS(holder));
        if (reason == Reason.RESTORE) {
            item.put(JOURNAL, AttributeValue.fromS(encode(journal)));
        } else {
            item.put(EXPIRES, AttributeValue.fromN(Long.toString(now + maxHoldMillis)));
        }
        try {
            // free, or a dead holder's expired fence, or (a restore resuming) the same restore's journal
            guard.call("PutItem fence", () -> client.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk) OR #exp < :now"
                            + (reason == Reason.RESTORE ? " OR #reason = :restore" : ""))
                    .expressionAttributeNames(reason == Reason.RESTORE
                            ? Map.of("#pk", MetaSchema.PK, "#exp", EXPIRES, "#reason", REASON)
                            : Map.of("#pk", MetaSchema.PK, "#exp", EXPIRES))
                    .expressionAttributeValues(reason == Reason.RESTORE
                            ? Map.of(":now", AttributeValue.fromN(Long.toString(now)),
                            ":restore", AttributeValue.fromS(Reason.RESTORE.name()))
                            : Map.of(":now", AttributeValue.fromN(Long.toString(now))))));
        } catch (ConditionalCheckFailedException busy) {
            Map<String, AttributeValue> other = read();
            throw new TemporarilyUnavailableException("A " + (other == null ? "recovery operation"
                    : other.get(REASON).s().toLowerCase(Locale.ROOT)) + " is already running; try again when it has "
                    + "finished.", null);
        }
        seen = new Seen(item, System.currentTimeMillis());
        sleep(cacheMillis + drainMillis);
        return () -> {
            if (reason != Reason.RESTORE) {
                deleteIfHolder(holder);
            }
        };
    }

    @Override
    public Optional<RestoreJournal> journal() {
        Map<String, AttributeValue> fence = read();
        return isRestore(fence) ? journalOf(fence) : Optional.empty();
    }

    @Override
    public void updateJournal(RestoreJournal journal) {
        guard.call("UpdateItem fence journal", () -> client.updateItem(b -> b.tableName(table).key(key())
                .updateExpression("SET #j = :j").conditionExpression("#reason = :restore")
                .expressionAttributeNames(Map.of("#j", JOURNAL, "#reason", REASON))
                .expressionAttributeValues(Map.of(":j", AttributeValue.fromS(encode(journal)),
                        ":restore", AttributeValue.fromS(Reason.RESTORE.name())))));
    }

    @Override
    public void clearJournal() {
        guard.call("DeleteItem fence", () -> client.deleteItem(b -> b.tableName(table).key(key())));
        seen = null;
    }

    private void deleteIfHolder(String holder) {
        try {
            guard.call("DeleteItem fence", () -> client.deleteItem(b -> b.tableName(table).key(key())
                    .conditionExpression("#h = :h").expressionAttributeNames(Map.of("#h", HOLDER))
                    .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(holder)))));
        } catch (ConditionalCheckFailedException notOurs) {
            // it expired and someone else holds it now
        }
        seen = null;
    }

    private Map<String, AttributeValue> cached() {
        Seen last = seen;
        if (last != null && System.currentTimeMillis() - last.at() < cacheMillis) {
            return last.item();
        }
        return read();
    }

    private Map<String, AttributeValue> read() {
        GetItemResponse found = guard.call("GetItem fence", () -> client.getItem(b -> b.tableName(table).key(key())
                .consistentRead(true)));
        Map<String, AttributeValue> item = found.hasItem() && !found.item().isEmpty() ? found.item() : null;
        seen = new Seen(item, System.currentTimeMillis());
        return item;
    }

    private static boolean active(Map<String, AttributeValue> fence) {
        if (fence == null) {
            return false;
        }
        AttributeValue expires = fence.get(EXPIRES);
        return expires == null || Long.parseLong(expires.n()) > System.currentTimeMillis();
    }

    private static boolean isRestore(Map<String, AttributeValue> fence) {
        return fence != null && Reason.RESTORE.name().equals(fence.get(REASON).s());
    }

    private static Optional<RestoreJournal> journalOf(Map<String, AttributeValue> fence) {
        AttributeValue journal = fence.get(JOURNAL);
        if (journal == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(journal.s(), RestoreJournal.class));
        } catch (JsonProcessingException e) {
            throw new StorageFailureException("The restore journal is damaged: " + e.getOriginalMessage(), e);
        }
    }

    private static String encode(RestoreJournal journal) {
        try {
            return JSON.writeValueAsString(journal);
        } catch (JsonProcessingException e) {
            throw new StorageFailureException("Cannot encode the restore journal", e);
        }
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(MetaSchema.PK, AttributeValue.fromS(PK_VALUE), MetaSchema.SK, AttributeValue.fromS(SK_VALUE));
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporarilyUnavailableException("Interrupted while waiting for the write fence.", e);
        }
    }
}
