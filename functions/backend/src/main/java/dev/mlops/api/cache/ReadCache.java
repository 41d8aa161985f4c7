package dev.mlops.api.cache;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CaffeineCache;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.concurrent.atomic.LongAdder;

/**
 * One bounded Caffeine cache (quarkus-cache: size and TTL from {@code quarkus.cache.caffeine."<name>".*}) with hit
 * and miss counts. Loads go through the cache's own per-key computation, so a write that invalidates a key after it
 * is stored can never be undone by a load that read the old value: the writer reads its own write. Absent values
 * are not cached (a name created meanwhile by another instance shows at once).
 */
public final class ReadCache<K, V> {

    private final Cache cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public ReadCache(Cache cache) {
        this.cache = cache;
    }

    public String name() {
        return cache.getName();
    }

    @SuppressWarnings("unchecked")
    public Optional<V> get(K key, Function<K, Optional<V>> loader) {
        if (cache.as(CaffeineCache.class).getIfPresent(key) != null) {
            hits.increment();
        } else {
            misses.increment();
        }
        try {
            return Optional.of((V) cache.get(key, k -> loader.apply(k).orElseThrow(Absent::new))
                    .await().indefinitely());
        } catch (RuntimeException e) {
            if (e instanceof Absent || e.getCause() instanceof Absent) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void invalidate(K key) {
        cache.invalidate(key).await().indefinitely();
    }

    /** Drops every entry whose key passes {@code which}. */
    @SuppressWarnings("unchecked")
    public void invalidateIf(Predicate<K> which) {
        cache.invalidateIf(key -> which.test((K) key)).await().indefinitely();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** Thrown through the cache by a loader that found nothing, so nothing is cached. */
    private static final class Absent extends RuntimeException {
        Absent() {
            super(null, null, false, false);
        }
    }
}
