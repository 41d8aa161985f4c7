package dev.mlops.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The write fence and verify's timing (docs/recovery.md). Defaults suit production; tests shorten them. */
@ConfigMapping(prefix = "mlops.recovery")
public interface RecoveryConfig {

    /** How long a writer waits out a snapshot capture before it is answered 503. */
    @WithDefault("5s")
    Duration snapshotWait();

    /** Local: how long a raised fence waits for running writes (an upload) before giving up. */
    @WithDefault("30s")
    Duration drain();

    /** AWS: how long a writer trusts its last read of the fence item. */
    @WithDefault("1s")
    Duration fenceCache();

    /** AWS: how long a raised fence waits, beyond the cache time, for writes admitted just before. */
    @WithDefault("2s")
    Duration fenceDrain();

    /** AWS: a snapshot's or repair's fence expires after this if its holder dies. */
    @WithDefault("10m")
    Duration maxHold();

    /** An unlisted lake file younger than this may belong to a flush at work; verify leaves it alone. */
    @WithDefault("2m")
    Duration inProgressGrace();

    /** Buffered points waiting longer than this without a flush are a stuck buffer. */
    @WithDefault("30m")
    Duration stuckBufferAfter();
}
