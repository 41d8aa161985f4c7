package dev.mlops.api.cache;

import dev.mlops.core.domain.Experiment;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.RunIdentity;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The AWS backend's read caches, for the reads a warm Lambda repeats: experiments by id and by name, registered
 * models by name, runs' unchanging parts. Bounded with a TTL (application config, {@code quarkus.cache.caffeine.*});
 * this instance's writes invalidate what they change, so other instances' writes show after the TTL at most.
 * {@link #hitRate()} and the counts are for the operational metrics.
 */
@Singleton
public class ReadCaches {

    final ReadCache<String, Experiment> experiments;
    final ReadCache<String, Experiment> experimentNames;
    final ReadCache<String, RegisteredModel> models;
    final ReadCache<String, RunIdentity> runs;

    public ReadCaches(@CacheName("mlops-experiments") Cache experiments,
                      @CacheName("mlops-experiment-names") Cache experimentNames,
                      @CacheName("mlops-registered-models") Cache models,
                      @CacheName("mlops-run-identities") Cache runs) {
        this.experiments = new ReadCache<>(experiments);
        this.experimentNames = new ReadCache<>(experimentNames);
        this.models = new ReadCache<>(models);
        this.runs = new ReadCache<>(runs);
    }

    public List<ReadCache<?, ?>> all() {
        return List.of(experiments, experimentNames, models, runs);
    }

    public long hits() {
        return all().stream().mapToLong(ReadCache::hits).sum();
    }

    public long misses() {
        return all().stream().mapToLong(ReadCache::misses).sum();
    }

    /** Hits over lookups since start, 0 before the first lookup. */
    public double hitRate() {
        long lookups = hits() + misses();
        return lookups == 0 ? 0 : (double) hits() / lookups;
    }
}
