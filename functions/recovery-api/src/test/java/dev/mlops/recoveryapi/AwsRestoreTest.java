package dev.mlops.recoveryapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.recovery.Finding;
import dev.mlops.core.recovery.PartEntry;
import dev.mlops.core.recovery.SnapshotKind;
import dev.mlops.core.recovery.SnapshotManifest;
import dev.mlops.testsupport.AwsEmulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;

/** Restore on the AWS backend, and what may delete the object versions retained snapshots reference. */
class AwsRestoreTest extends RestoreContract {

    static RecoveryFixture fixture;
    static String bucket;

    @BeforeAll
    static void seed() {
        String prefix = AwsEmulator.get().uniquePrefix("restore");
        bucket = prefix + "-artifacts";
        fixture = RecoveryFixture.aws(prefix, false, 3, HOOK).seed();
    }

    @AfterAll
    static void close() throws Exception {
        fixture.close();
    }

    @Override
    RecoveryFixture fixture() {
        return fixture;
    }

    /** A rule that would expire noncurrent versions before retention ends is reported; a safe one is not. */
    @Test
    void lifecycleRules_thatCouldExpireReferencedVersions_areReported() {
        lifecycle(7);
        assertThat(fixture.kit.verifier().verify(false).findings())
                .filteredOn(f -> f instanceof Finding.RetentionAtRisk).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("7 days"));

        lifecycle(90);
        assertThat(fixture.kit.verifier().verify(false).findings()).isEmpty();
        AwsTestClients.s3().deleteBucketLifecycle(b -> b.bucket(bucket));
    }

    /** Prune frees unreferenced noncurrent versions and keeps every version a retained snapshot references. */
    @Test
    void prune_neverDeletesAVersionARetainedSnapshotReferences() {
        SnapshotManifest kept = fixture.kit.snapshots().create("kept-" + System.nanoTime(), null,
                SnapshotKind.MANUAL);
        List<PartEntry> lake = fixture.kit.snapshots().entries(kept, "lake");
        String key = lake.get(0).path();
        // three later versions of one key: the snapshot references none of them but the first
        for (int i = 0; i < 3; i++) {
            AwsTestClients.s3().copyObject(b -> b.sourceBucket(bucket).sourceKey(key).sourceVersionId(
                    lake.get(0).version()).destinationBucket(bucket).destinationKey(key));
        }
        long versionsBefore = versions(key);

        fixture.kit.snapshots().prune();

        assertThat(fixture.kit.snapshots().verify(kept.id()).problems()).isEmpty();
        assertThat(versions(key)).isLessThan(versionsBefore);
        assertThat(fixture.kit.verifier().verify(false).findings()).isEmpty();
    }

    private static long versions(String key) {
        return AwsTestClients.s3().listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions().stream()
                .filter(v -> v.key().equals(key)).count();
    }

    private static void lifecycle(int noncurrentDays) {
        AwsTestClients.s3().putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c
                .rules(LifecycleRule.builder().id("expire-old-lake-versions").status(ExpirationStatus.ENABLED)
                        .filter(LifecycleRuleFilter.builder().prefix("lake/").build())
                        .noncurrentVersionExpiration(n -> n.noncurrentDays(noncurrentDays)).build())));
    }
}
