package dev.mlops.lakeapi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where flushed metrics live and when they move there. */
@ConfigMapping(prefix = "mlops.lake")
public interface LakeConfig {

    /**
     * The lake's root URI. Defaults to {@code file://<data-dir>/lake} on the local backend and
     * {@code s3a://<artifact bucket>/lake} on AWS.
     */
    Optional<String> root();

    /** A run's buffer reaching this many points asks for a flush of that run. */
    @WithDefault("100000")
    long flushThresholdPoints();

    /** Local backend only: how often the server flushes every run (AWS uses an EventBridge schedule). 0 = never. */
    @WithDefault("60s")
    Duration flushInterval();

    /** A flush that would leave a run with more files merges them into one. */
    @WithDefault("16")
    int maxFilesPerRun();
}
