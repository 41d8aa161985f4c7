package dev.mlops.aws.dynamo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.recovery.Digests;
import dev.mlops.core.recovery.PartEntry;
import dev.mlops.core.recovery.PartProvider;
import dev.mlops.core.recovery.SnapshotStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A DynamoDB table as a snapshot part: one record entry per item, keyed {@code ["<hash>","<range>"]}, the item in
 * DynamoDB JSON as its body. Capture scans with consistent reads while writes are fenced; restore writes the items
 * that differ and deletes the items the snapshot lacks, with BatchWriteItem (a restore is fenced, so nothing else
 * writes meanwhile, and it is idempotent, so a crash is finished by running it again). Items {@code excluded} (the
 * fence's own) are never captured nor touched. Any table is one more instance: an audit log table, a webhook
 * table.
 */
public final class DynamoTablePart implements PartProvider, PartProvider.RestoresEntries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final DynamoDbClient client;
    private final String table;
    private final String hashKey;
    private final String rangeKey;
    private final DynamoGuard guard;
    private final Predicate<Map<String, AttributeValue>> excluded;
    private final Function<List<PartEntry>, Map<String, Long>> counter;

    public DynamoTablePart(String name, DynamoDbClient client, String table, String hashKey, String rangeKey,
                           DynamoGuard guard, Predicate<Map<String, AttributeValue>> excluded,
                           Function<List<PartEntry>, Map<String, Long>> counter) {
        this.name = name;
        this.client = client;
        this.table = table;
        this.hashKey = hashKey;
        this.rangeKey = rangeKey;
        this.guard = guard;
        this.excluded = excluded;
        this.counter = counter;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String provider() {
        return "dynamodb-table";
    }

    @Override
    public Capture capture() {
        List<PartEntry> entries = live();
        return store -> entries;
    }

    /** Every item (consistent reads), as entries. */
    @Override
    public List<PartEntry> live() {
        List<PartEntry> entries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = guard.call("Scan " + name, () -> client.scan(b -> {
                b.tableName(table).consistentRead(true);
                if (from != null) {
                    b.exclusiveStartKey(from);
                }
            }));
            for (Map<String, AttributeValue> item : page.items()) {
                if (!excluded.test(item)) {
                    entries.add(PartEntry.record(key(text(item.get(hashKey)), text(item.get(rangeKey))),
                            DynamoJson.encode(item)));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return entries;
    }

    @Override
    public Map<String, Long> counts(List<PartEntry> entries, SnapshotStore store) {
        return counter.apply(entries);
    }

    /** Records carry their content; each body must still digest to its recorded SHA-256. */
    @Override
    public List<String> verifyObjects(List<PartEntry> entries, SnapshotStore store) {
        List<String> problems = new ArrayList<>();
        for (PartEntry e : entries) {
            if (e.body() == null || !Digests.sha256Hex(e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .equals(e.sha256())) {
                problems.add("item " + e.path() + " does not match its digest");
            }
        }
        return problems;
    }

    @Override
    public RestoreCount restore(List<PartEntry> entries, SnapshotStore store) {
        Map<String, String> live = new HashMap<>();
        live().forEach(e -> live.put(e.path(), e.sha256()));
        List<PartEntry> changed = entries.stream().filter(e -> !e.sha256().equals(live.get(e.path()))).toList();
        Set<String> wanted = entries.stream().map(PartEntry::path).collect(Collectors.toSet());
        List<TransactWriteItem> writes = new ArrayList<>();
        changed.forEach(e -> writes.add(put(e)));
        long removed = 0;
        for (String key : live.keySet()) {
            if (!wanted.contains(key)) {
                writes.add(delete(key));
                removed++;
            }
        }
        write(writes);
        return new RestoreCount(changed.size(), removed);
    }

    @Override
    public void restoreEntries(List<PartEntry> entries, SnapshotStore store) {
        write(entries.stream().map(this::put).toList());
    }

    /** BatchWriteItem in chunks, several requests at a time: a full restore is thousands of items. */
    private void write(List<TransactWriteItem> writes) {
        Writes batcher = new Writes(client, table, guard);
        int chunk = Writes.BATCH_WRITE_LIMIT * 4;
        List<List<TransactWriteItem>> chunks = new ArrayList<>();
        for (int from = 0; from < writes.size(); from += chunk) {
            chunks.add(writes.subList(from, Math.min(writes.size(), from + chunk)));
        }
        Parallel.map(chunks, Parallel.DEFAULT_WIDTH, part -> {
            batcher.batched("restore " + name, part);
            return part.size();
        });
    }

    /** The entry path of an item key: a JSON array, so any key text maps to one path and back. */
    static String key(String hash, String range) {
        try {
            return JSON.writeValueAsString(range == null ? List.of(hash) : List.of(hash, range));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> parts(String key) {
        try {
            return JSON.readValue(key, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        } catch (JsonProcessingException e) {
            throw new StorageFailureException("A stored item key is damaged: " + key, e);
        }
    }

    private TransactWriteItem put(PartEntry entry) {
        Map<String, AttributeValue> item = DynamoJson.decode(entry.body());
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    private TransactWriteItem delete(String key) {
        List<String> parts = parts(key);
        Map<String, AttributeValue> k = new HashMap<>();
        k.put(hashKey, AttributeValue.fromS(parts.get(0)));
        if (rangeKey != null) {
            k.put(rangeKey, AttributeValue.fromS(parts.get(1)));
        }
        return TransactWriteItem.builder().delete(d -> d.tableName(table).key(k)).build();
    }

    private static String text(AttributeValue value) {
        return value == null ? null : value.s() != null ? value.s() : value.n();
    }

    /**
     * Items whose TTL attribute has passed: logically gone, and DynamoDB deletes them in its own time, so a restore
     * neither writes them back nor counts on them being there when it checks its result.
     */
    public static Predicate<Map<String, AttributeValue>> expired(String ttlAttribute) {
        return item -> {
            AttributeValue ttl = item.get(ttlAttribute);
            return ttl != null && ttl.n() != null
                    && Long.parseLong(ttl.n()) < System.currentTimeMillis() / 1000;
        };
    }
}
