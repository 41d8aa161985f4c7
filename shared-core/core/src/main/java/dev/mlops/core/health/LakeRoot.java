package dev.mlops.core.health;

/**
 * The lake root as the lake check probes it, without the Parquet stack: a directory locally, a bucket prefix on
 * S3. {@link #exists} answers whether anything was flushed there yet, and throws when the root cannot be read.
 */
public interface LakeRoot {

    String uri();

    boolean exists();
}
