package dev.mlops.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.domain.ContentId;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.ingest.ObjectFacts;
import dev.mlops.testsupport.AwsEmulator;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Ingestion's reads over the wire, on a versioned and an unversioned bucket. */
class S3ObjectReaderTest {

    static AwsClients clients;
    static String versioned;
    static String unversioned;
    static S3ObjectReader reader;

    @BeforeAll
    static void createBuckets() {
        AwsEmulator aws = AwsEmulator.get();
        String prefix = aws.uniquePrefix("reader");
        AwsSettings settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), prefix);
        clients = new AwsClients(settings, List.of());
        versioned = prefix + "-versioned";
        unversioned = prefix + "-plain";
        clients.s3().createBucket(b -> b.bucket(versioned));
        clients.s3().putBucketVersioning(b -> b.bucket(versioned)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        clients.s3().createBucket(b -> b.bucket(unversioned));
        reader = new S3ObjectReader(clients.s3());
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Test
    void sha256_shouldHashThePinnedVersion_whenTheKeyWasOverwritten() {
        byte[] first = randomBytes(3 * 1024 * 1024 + 17, 1); // several read buffers
        String firstVersion = put(versioned, "incoming/models/m/model.bin", first);
        put(versioned, "incoming/models/m/model.bin", "second".getBytes(StandardCharsets.UTF_8));

        ObjectFacts facts = reader.head(versioned, "incoming/models/m/model.bin", firstVersion).orElseThrow();

        assertThat(facts.versionId()).isEqualTo(firstVersion);
        assertThat(facts.size()).isEqualTo(first.length);
        assertThat(reader.sha256(facts)).contains(sha256(first));
    }

    @Test
    void head_shouldReportCurrentVersionAndQuotedETag_whenNoVersionIsGiven() {
        String version = put(versioned, "incoming/models/m/current.bin", new byte[] {1, 2, 3});

        ObjectFacts facts = reader.head(versioned, "incoming/models/m/current.bin", null).orElseThrow();

        assertThat(facts.versionId()).isEqualTo(version);
        assertThat(facts.eTag()).startsWith("\"").endsWith("\"");
    }

    @Test
    void headAndSha256_shouldBeEmpty_whenTheObjectIsMissing() {
        assertThat(reader.head(unversioned, "incoming/models/m/none.bin", null)).isEmpty();
        assertThat(reader.sha256(new ObjectFacts(unversioned, "incoming/models/m/none.bin", null, "abc", 3)))
                .isEmpty();
    }

    @Test
    void sha256_shouldBeEmpty_whenAnUnversionedObjectChangedAfterItsHead() {
        put(unversioned, "incoming/models/m/plain.bin", "one".getBytes(StandardCharsets.UTF_8));
        ObjectFacts before = reader.head(unversioned, "incoming/models/m/plain.bin", null).orElseThrow();
        ObjectFacts unquoted = new ObjectFacts(before.bucket(), before.key(), null,
                before.eTag().replace("\"", ""), before.size());
        assertThat(before.versionId()).isNull();
        assertThat(reader.sha256(unquoted)).contains(sha256("one".getBytes(StandardCharsets.UTF_8)));

        put(unversioned, "incoming/models/m/plain.bin", "two".getBytes(StandardCharsets.UTF_8));

        assertThat(reader.sha256(unquoted)).isEmpty();
    }

    @Test
    void readSmall_shouldReturnContent_emptyWhenMissing_andRefuseLargeObjects() {
        put(unversioned, "incoming/models/m/x.mlops.json", "{\"framework\":\"onnx\"}".getBytes(StandardCharsets.UTF_8));
        put(unversioned, "incoming/models/m/big.mlops.json", new byte[2048]);

        assertThat(reader.readSmall(unversioned, "incoming/models/m/x.mlops.json", 1024))
                .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).contains("onnx"));
        assertThat(reader.readSmall(unversioned, "incoming/models/m/none.mlops.json", 1024)).isEmpty();
        assertThatThrownBy(() -> reader.readSmall(unversioned, "incoming/models/m/big.mlops.json", 1024))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("larger than 1024 bytes");
    }

    private static String put(String bucket, String key, byte[] content) {
        return clients.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content)).versionId();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(ContentId.sha256().digest(content));
    }
}
