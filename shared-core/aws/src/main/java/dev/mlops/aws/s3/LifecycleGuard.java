package dev.mlops.aws.s3;

import dev.mlops.core.recovery.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * Checks that nothing but our own prune can delete bytes a retained snapshot references: the bucket must be
 * versioned (snapshots reference versions), and no enabled lifecycle rule may expire noncurrent versions under a
 * state prefix sooner than the retention horizon, nor expire anything under {@code snapshots/}.
 */
public final class LifecycleGuard {

    private final S3Client s3;
    private final String bucket;
    private final List<String> statePrefixes;

    public LifecycleGuard(S3Client s3, String bucket, List<String> statePrefixes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.statePrefixes = List.copyOf(statePrefixes);
    }

    public List<Finding> risks(long horizonMillis) {
        List<Finding> risks = new ArrayList<>();
        String where = "bucket " + bucket;
        try {
            BucketVersioningStatus status = s3.getBucketVersioning(b -> b.bucket(bucket)).status();
            if (status != BucketVersioningStatus.ENABLED) {
                risks.add(new Finding.RetentionAtRisk(where, "bucket " + bucket + " is not versioned ("
                        + (status == null ? "never enabled" : status) + "): snapshots reference object versions, so "
                        + "an overwrite or delete destroys what they hold; enable versioning"));
            }
            List<LifecycleRule> rules;
            try {
                rules = s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules();
            } catch (SdkException none) {
                if (!S3Failures.isNotFound(none) && !String.valueOf(none.getMessage()).contains("NoSuchLifecycle")) {
                    throw none;
                }
                rules = List.of();
            }
            long horizonDays = Duration.ofMillis(horizonMillis).toDays() + 1;
            for (LifecycleRule rule : rules) {
                if (rule.status() != ExpirationStatus.ENABLED) {
                    continue;
                }
                String prefix = prefixOf(rule);
                String id = "lifecycle rule " + (rule.id() == null ? "(unnamed)" : rule.id());
                boolean touchesState = statePrefixes.stream().anyMatch(p -> overlaps(prefix, p));
                boolean touchesSnapshots = overlaps(prefix, S3SnapshotStore.ROOT);
                Integer noncurrentDays = rule.noncurrentVersionExpiration() == null ? null
                        : rule.noncurrentVersionExpiration().noncurrentDays();
                if ((touchesState || touchesSnapshots) && noncurrentDays != null && noncurrentDays < horizonDays) {
                    risks.add(new Finding.RetentionAtRisk(where + " " + id, id + " on prefix '" + prefix
                            + "' deletes noncurrent versions after " + noncurrentDays + " days, but retained "
                            + "snapshots reference versions up to " + horizonDays + " days old; raise it above "
                            + horizonDays + " days or drop it (prune removes unreferenced versions itself)"));
                }
                if (touchesSnapshots && rule.expiration() != null) {
                    risks.add(new Finding.RetentionAtRisk(where + " " + id, id + " on prefix '" + prefix
                            + "' expires objects under snapshots/, which would delete manifests of retained "
                            + "snapshots; exclude snapshots/ from it"));
                }
            }
        } catch (SdkException e) {
            risks.add(new Finding.RetentionAtRisk(where, "the bucket's versioning and lifecycle rules could not "
                    + "be read; grant s3:GetBucketVersioning and "
                    + "s3:GetLifecycleConfiguration to check them"));
        }
        return risks;
    }

    private static String prefixOf(LifecycleRule rule) {
        if (rule.filter() != null) {
            if (rule.filter().prefix() != null) {
                return rule.filter().prefix();
            }
            if (rule.filter().and() != null && rule.filter().and().prefix() != null) {
                return rule.filter().and().prefix();
            }
            return "";
        }
        @SuppressWarnings("deprecation")
        String legacy = rule.prefix();
        return legacy == null ? "" : legacy;
    }

    /** A rule on prefix {@code rule} reaches keys under {@code state} when either is a prefix of the other. */
    private static boolean overlaps(String rule, String state) {
        return rule.isEmpty() || state.startsWith(rule) || rule.startsWith(state);
    }
}
