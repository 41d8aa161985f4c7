package dev.mlops.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.contract.ArtifactStoreContract;
import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.ArtifactEntry;
import dev.mlops.core.port.ArtifactStore;
import dev.mlops.testsupport.AwsEmulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The artifact contract over the wire, plus what only S3 offers: recorded checksums and deletes by prefix. */
class S3ArtifactStoreTest extends ArtifactStoreContract {

    static AwsSettings settings;
    static AwsClients clients;
    static S3Presigner presigner;
    static S3ArtifactStore store;

    @BeforeAll
    static void createBucket() {
        AwsEmulator aws = AwsEmulator.get();
        settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(), aws.secretKey(),
                aws.uniquePrefix("s3store"));
        clients = new AwsClients(settings, List.of());
        presigner = clients.presigner();
        store = new S3ArtifactStore(clients.s3(), presigner, settings);
        assertThat(S3Buckets.createIfMissing(clients.s3(), settings)).isTrue();
    }

    @AfterAll
    static void close() {
        presigner.close();
        clients.close();
    }

    @Override
    protected ArtifactStore store() {
        return store;
    }

    @Test
    void createIfMissing_shouldReportExisting_whenBucketExists() {
        assertThat(S3Buckets.createIfMissing(clients.s3(), settings)).isFalse();
    }

    @Test
    void put_shouldWriteUnderArtifactPrefix() {
        ArtifactPath path = base().resolve(ArtifactPath.parse("model/MLmodel"));

        store.put(path, bytes("flavors: {}"), 11);

        var head = clients.s3().headObject(b -> b.bucket(settings.bucket()).key("mlflow/" + path));
        assertThat(head.contentLength()).isEqualTo(11);
    }

    @Test
    void checksum_shouldEqualSha256OfContent_recordedAsObjectMetadata() throws Exception {
        byte[] content = randomBytes(100_000, 1);
        ArtifactPath path = base().resolve(ArtifactPath.parse("data/sample.bin"));

        store.put(path, new ByteArrayInputStream(content), content.length);

        assertThat(store.checksum(path)).contains(new ArtifactChecksum(sha256(content), content.length));
        var head = clients.s3().headObject(b -> b.bucket(settings.bucket()).key("mlflow/" + path));
        assertThat(head.metadata()).containsEntry("sha256", sha256(content))
                .containsEntry("size", Integer.toString(content.length));
        var verified = clients.s3().headObject(b -> b.bucket(settings.bucket()).key("mlflow/" + path)
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(verified.checksumSHA256()).as("S3 checked the bytes against the same hash")
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256(content))));
    }

    @Test
    void put_shouldStoreLargeBody_whenSizeIsUnknownAndSpillsToDisk() throws Exception {
        byte[] content = randomBytes(S3ArtifactStore.MEMORY_LIMIT + 123_457, 2);
        ArtifactPath path = base().resolve(ArtifactPath.parse("big.bin"));

        long written = store.put(path, new ByteArrayInputStream(content), -1);

        assertThat(written).isEqualTo(content.length);
        assertThat(store.checksum(path)).contains(new ArtifactChecksum(sha256(content), content.length));
        try (InputStream in = store.open(path)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(content));
        }
    }

    @Test
    void put_shouldStoreNothing_whenBodyIsShorterThanDeclared() {
        ArtifactPath path = base().resolve(ArtifactPath.parse("short.txt"));

        assertThatThrownBy(() -> store.put(path, bytes("abc"), 10))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("declared 10");

        assertThat(store.checksum(path)).isEmpty();
    }

    @Test
    void put_shouldAcceptEmptyFile() throws Exception {
        ArtifactPath path = base().resolve(ArtifactPath.parse("empty"));

        assertThat(store.put(path, bytes(""), 0)).isZero();

        try (InputStream in = store.open(path)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThat(store.checksum(path)).contains(new ArtifactChecksum(sha256(new byte[0]), 0));
    }

    @Test
    void checksum_shouldBeEmpty_whenFileIsAbsent() {
        assertThat(store.checksum(base().resolve(ArtifactPath.parse("nope.bin")))).isEmpty();
    }

    @Test
    void list_shouldIgnoreFolderMarkers_andNameNestedDirectoriesOnce() {
        clients.s3().putObject(b -> b.bucket(settings.bucket()).key("mlflow/" + base() + "/"),
                software.amazon.awssdk.core.sync.RequestBody.empty());
        store.put(base().resolve(ArtifactPath.parse("d/1.txt")), bytes("1"), 1);
        store.put(base().resolve(ArtifactPath.parse("d/2.txt")), bytes("2"), 1);
        store.put(base().resolve(ArtifactPath.parse("d/e/3.txt")), bytes("3"), 1);

        assertThat(store.list(base())).containsExactly(new ArtifactEntry("d", true, null));
        assertThat(store.list(base().resolve(ArtifactPath.parse("d")))).containsExactly(
                new ArtifactEntry("1.txt", false, 1L), new ArtifactEntry("2.txt", false, 1L),
                new ArtifactEntry("e", true, null));
    }

    @Test
    void delete_shouldLeaveSiblingsWithSameNamePrefix() {
        store.put(base().resolve(ArtifactPath.parse("model/a")), bytes("a"), 1);
        store.put(base().resolve(ArtifactPath.parse("model_v2/b")), bytes("b"), 1);
        store.put(base().resolve(ArtifactPath.parse("model.txt")), bytes("c"), 1);

        store.delete(base().resolve(ArtifactPath.parse("model")));

        assertThat(store.list(base())).extracting(ArtifactEntry::path).containsExactly("model.txt", "model_v2");
    }

    @Test
    void list_shouldListTopLevelDirectories_whenListingRoot() {
        store.put(base().resolve(ArtifactPath.parse("x")), bytes("x"), 1);

        assertThat(store.list(ArtifactPath.ROOT)).extracting(ArtifactEntry::path).contains("1");
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
