package dev.mlops.lake;

import org.apache.hadoop.conf.Configuration;

/** Hadoop settings the lake needs; s3a:// later means adding the S3A keys here, not changing callers. */
public final class LakeConfiguration {

    private LakeConfiguration() {
    }

    /**
     * For file:// roots. The raw local file system writes no {@code .crc} side files (Parquet pages carry their own
     * CRCs, which also work on S3), and its rename is the OS rename, atomic within one directory. The cache is off
     * so another component's checksumming LocalFileSystem instance is never handed to us.
     */
    public static Configuration local() {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }
}
