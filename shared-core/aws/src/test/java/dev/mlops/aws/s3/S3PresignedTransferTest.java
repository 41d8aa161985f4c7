package dev.mlops.aws.s3;

import dev.mlops.core.port.MultipartUpload;
import dev.mlops.core.port.CompletedPart;
import static dev.mlops.aws.s3.S3ArtifactStoreTest.randomBytes;
import static dev.mlops.aws.s3.S3ArtifactStoreTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.MlopsException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.testsupport.AwsEmulator;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Bytes moved by plain HTTP clients holding presigned URLs, as a browser or the MLflow client would. moto does not
 * enforce URL expiry, so only the advertised expiry is checked here.
 */
class S3PresignedTransferTest {

    static final int MIN_PART = 5 * 1024 * 1024;

    static AwsSettings settings;
    static AwsClients clients;
    static S3Presigner presigner;
    static S3ArtifactStore store;
    static final HttpClient http = HttpClient.newHttpClient();

    final ArtifactPath base = ArtifactPath.parse("7/" + UUID.randomUUID().toString().replace("-", "") + "/artifacts");

    @BeforeAll
    static void createBucket() {
        AwsEmulator aws = AwsEmulator.get();
        settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(), aws.secretKey(),
                aws.uniquePrefix("presign"));
        clients = new AwsClients(settings, List.of());
        presigner = clients.presigner();
        store = new S3ArtifactStore(clients.s3(), presigner, settings);
        S3Buckets.createIfMissing(clients.s3(), settings);
    }

    @AfterAll
    static void close() {
        presigner.close();
        clients.close();
    }

    @Test
    void presignGet_shouldLetPlainHttpDownloadTheBytes() throws Exception {
        byte[] content = randomBytes(70_000, 3);
        ArtifactPath path = base.resolve(ArtifactPath.parse("plots/loss.png"));
        store.put(path, new ByteArrayInputStream(content), content.length);

        URI url = store.presignGet(path, Duration.ofMinutes(5));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(url.getQuery()).contains("X-Amz-Expires=300").contains("X-Amz-Signature=");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
    }

    @Test
    void multipart_shouldAssembleParts_putToPresignedUrls() throws Exception {
        byte[] content = randomBytes(MIN_PART + 4321, 4);
        ArtifactPath path = base.resolve(ArtifactPath.parse("model/weights.bin"));
        Instant before = Instant.now();

        MultipartUpload upload = store.multipart().create(path, 2, Duration.ofMinutes(30));
        List<CompletedPart> parts = new ArrayList<>();
        parts.add(new CompletedPart(2, putPart(upload.parts().get(1).url(),
                Arrays.copyOfRange(content, MIN_PART, content.length)))); // order of arrival does not matter
        parts.add(new CompletedPart(1, putPart(upload.parts().get(0).url(),
                Arrays.copyOfRange(content, 0, MIN_PART))));
        store.multipart().complete(path, upload.uploadId(), parts);

        assertThat(upload.parts()).extracting(MultipartUpload.PartUrl::partNumber).containsExactly(1, 2);
        assertThat(upload.parts().get(0).url().getQuery()).contains("partNumber=1")
                .contains("uploadId=").contains("X-Amz-Expires=1800");
        assertThat(upload.expiresAt()).isBetween(before.plus(Duration.ofMinutes(30)),
                Instant.now().plus(Duration.ofMinutes(30)));
        try (InputStream in = store.open(path)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(content));
        }
        assertThat(store.checksum(path)).as("bytes never passed through us").isEmpty();
    }

    @Test
    void abort_shouldDiscardParts_soCompleteFails() throws Exception {
        ArtifactPath path = base.resolve(ArtifactPath.parse("aborted.bin"));
        MultipartUpload upload = store.multipart().create(path, 1, Duration.ofMinutes(5));
        String etag = putPart(upload.parts().get(0).url(), new byte[] {1, 2, 3});

        store.multipart().abort(path, upload.uploadId());
        store.multipart().abort(path, upload.uploadId()); // again: nothing to abort is fine

        // AWS answers 404 NoSuchUpload (ResourceNotFoundException, see S3FailuresTest); moto answers 500.
        assertThatThrownBy(() -> store.multipart().complete(path, upload.uploadId(),
                List.of(new CompletedPart(1, etag)))).isInstanceOf(MlopsException.class);
        assertThatThrownBy(() -> store.open(path)).isInstanceOf(ResourceNotFoundException.class);
    }

    private static String putPart(URI url, byte[] bytes) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue("ETag").orElseThrow();
    }
}
