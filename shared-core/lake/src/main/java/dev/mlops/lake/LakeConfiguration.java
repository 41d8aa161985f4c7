package dev.mlops.lake;

import java.net.URI;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;

/** Hadoop settings the lake needs, for file:// and s3a:// roots; callers only pick the factory. */
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

    /**
     * For s3a:// roots, with only the slim jar set (no AWS SDK bundle) this module ships.
     *
     * @param endpointOrNull an S3-compatible endpoint such as an emulator's {@code http://127.0.0.1:5000}; when given,
     *                       path-style access is switched on too. {@code null} means AWS's own regional endpoint.
     * @param region         the signing region, e.g. {@code us-east-1}; {@code null} lets S3A work it out
     * @param accessKey      with {@code secretKey}, static credentials; both {@code null} means the SDK default chain
     *                       (Lambda's role credentials from the environment). Exactly one of them is an error.
     * @param secretKey      never logged; Hadoop's {@code Configuration.toString()} lists resources, not values
     */
    public static Configuration s3a(URI endpointOrNull, String region, String accessKey, String secretKey) {
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("give both the S3 access key and the secret key, or neither");
        }
        Configuration conf = new Configuration();
        conf.set("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        // The analytics-accelerator stream is the 3.5 default; the classic one needs no extra jars at read time.
        conf.set("fs.s3a.input.stream.type", "classic");
        // Upload blocks buffered off-heap, no local temp files (Lambda has only a small /tmp).
        conf.set("fs.s3a.fast.upload.buffer", "bytebuffer");
        conf.set("hadoop.tmp.dir", System.getProperty("java.io.tmpdir") + "/hadoop-lake");
        // Lake files are never overwritten (content-derived names), so ETag/version change detection buys nothing,
        // and some S3-compatible stores lack what it relies on.
        conf.set("fs.s3a.change.detection.mode", "none");
        if (endpointOrNull != null) {
            conf.set("fs.s3a.endpoint", endpointOrNull.toString());
            conf.setBoolean("fs.s3a.path.style.access", true);
        }
        if (region != null && !region.isBlank()) {
            conf.set("fs.s3a.endpoint.region", region);
        }
        if (accessKey == null) {
            // The same chain as our own SDK clients (system properties, environment, profile, Lambda role), rather
            // than S3A's shorter default list, which skips system properties.
            conf.set("fs.s3a.aws.credentials.provider",
                    "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");
        } else {
            conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            conf.set("fs.s3a.access.key", Objects.requireNonNull(accessKey));
            conf.set("fs.s3a.secret.key", Objects.requireNonNull(secretKey));
        }
        return conf;
    }
}
