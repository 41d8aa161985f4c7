package dev.mlops.aws.s3;

import dev.mlops.core.port.CompletedPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.RequestCounter;
import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.testsupport.AwsEmulator;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Bad input is refused before the SDK is called at all. {@link ArtifactPath#parse} already refuses traversal, but
 * the record constructor does not, so these paths are built with it, as careless code could.
 */
class S3InputValidationTest {

    static final RequestCounter requests = new RequestCounter();
    static AwsClients clients;
    static S3Presigner presigner;
    static S3ArtifactStore store;

    @BeforeAll
    static void setUp() {
        AwsEmulator aws = AwsEmulator.get();
        AwsSettings settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), aws.uniquePrefix("validate"));
        clients = new AwsClients(settings, List.of(requests));
        presigner = clients.presigner();
        store = new S3ArtifactStore(clients.s3(), presigner, settings);
    }

    @AfterAll
    static void close() {
        presigner.close();
        clients.close();
    }

    @BeforeEach
    void resetCounter() {
        requests.reset();
    }

    static Stream<ArtifactPath> badPaths() {
        return Stream.of(
                new ArtifactPath(List.of("..", "etc", "passwd")),
                new ArtifactPath(List.of("1", "run", "..", "..", "other")),
                new ArtifactPath(List.of(".", "x")),
                new ArtifactPath(List.of("a/../../b")),
                new ArtifactPath(List.of("a", "")),
                new ArtifactPath(List.of("a\\b")),
                new ArtifactPath(List.of("line\nbreak")),
                new ArtifactPath(List.of("x".repeat(1100))));
    }

    @ParameterizedTest
    @MethodSource("badPaths")
    void everyOperation_shouldSendNoRequest_whenPathIsInvalid(ArtifactPath bad) {
        List<ThrowingConsumer<ArtifactPath>> operations = List.of(
                p -> store.put(p, new ByteArrayInputStream(new byte[] {1}), 1),
                store::open,
                store::list,
                store::delete,
                store::checksum,
                p -> store.presignGet(p, Duration.ofMinutes(1)),
                p -> store.multipart().create(p, 1, Duration.ofMinutes(1)),
                p -> store.multipart().complete(p, "id", List.of(new CompletedPart(1, "e"))),
                p -> store.multipart().abort(p, "id"));

        for (ThrowingConsumer<ArtifactPath> operation : operations) {
            assertThatThrownBy(() -> operation.accept(bad)).isInstanceOf(InvalidParameterException.class);
        }

        assertThat(requests.operations()).isEmpty();
    }

    @Test
    void fileOperations_shouldSendNoRequest_whenPathIsRoot() {
        assertThatThrownBy(() -> store.put(ArtifactPath.ROOT, new ByteArrayInputStream(new byte[0]), 0))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.open(ArtifactPath.ROOT)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.delete(ArtifactPath.ROOT)).isInstanceOf(InvalidParameterException.class);

        assertThat(requests.operations()).isEmpty();
    }

    @Test
    void urlsAndUploads_shouldSendNoRequest_whenArgumentsAreOutOfRange() {
        ArtifactPath path = ArtifactPath.parse("1/r/artifacts/f.bin");
        CompletedPart ok = new CompletedPart(1, "\"e\"");

        assertThatThrownBy(() -> store.presignGet(path, Duration.ZERO)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.presignGet(path, Duration.ofDays(8)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.multipart().create(path, 0, Duration.ofMinutes(1)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.multipart().create(path, 10_001, Duration.ofMinutes(1)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.multipart().create(path, 1, Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.multipart().complete(path, "id", List.of()))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.multipart().complete(path, "id", List.of(ok, ok)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.multipart().complete(path, "id", List.of(new CompletedPart(0, "e"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.multipart().complete(path, "id", List.of(new CompletedPart(1, " "))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.multipart().complete(path, " ", List.of(ok)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.multipart().abort(path, "id\r\nX-Injected: 1"))
                .isInstanceOf(InvalidParameterException.class);

        assertThat(requests.operations()).isEmpty();
    }

    @Test
    void counter_shouldSeeRequests_whenInputIsValid() {
        store.checksum(ArtifactPath.parse("1/r/artifacts/f.bin")); // the bucket does not exist: 404, empty

        assertThat(requests.operations()).containsExactly("HeadObject");
    }
}
