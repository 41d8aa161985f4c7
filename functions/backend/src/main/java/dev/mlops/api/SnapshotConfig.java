package dev.mlops.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Retention of snapshots (applied by the recovery function's daily run and by {@code prune}). */
@ConfigMapping(prefix = "mlops.snapshots")
public interface SnapshotConfig {

    /** The newest snapshot of each of the last N days is kept. */
    @WithDefault("7")
    int retentionDaily();

    /** The newest snapshot of each of the last N ISO weeks is kept. */
    @WithDefault("4")
    int retentionWeekly();

    /** Every snapshot younger than this is kept (safety snapshots of a restore among them). */
    @WithDefault("1d")
    Duration keepAll();

    /** AWS: noncurrent object versions younger than this are never collected by a prune. */
    @WithDefault("1d")
    Duration gcGrace();
}
