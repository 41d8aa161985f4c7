package dev.mlops.aws.s3;

import static dev.mlops.aws.s3.S3ArtifactStoreTest.randomBytes;
import static dev.mlops.aws.s3.S3ArtifactStoreTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Bounded memory: bodies beyond the limit go to a temp file that close() removes. */
class SpooledBodyTest {

    @Test
    void read_shouldKeepSmallBodyInMemory() throws Exception {
        byte[] content = randomBytes(1000, 5);

        try (SpooledBody body = SpooledBody.read(new ByteArrayInputStream(content), 1000)) {
            assertThat(body.spilled()).isFalse();
            assertThat(body.size()).isEqualTo(1000);
            assertThat(body.sha256Hex()).isEqualTo(sha256(content));
            assertThat(readAll(body)).isEqualTo(content);
        }
    }

    @Test
    void read_shouldSpillToTempFile_beyondLimit_andDeleteItOnClose() throws Exception {
        byte[] content = randomBytes(200_001, 6);
        Path spilled;

        try (SpooledBody body = SpooledBody.read(new ByteArrayInputStream(content), 1000)) {
            assertThat(body.spilled()).isTrue();
            assertThat(body.size()).isEqualTo(content.length);
            assertThat(body.sha256Hex()).isEqualTo(sha256(content));
            assertThat(readAll(body)).isEqualTo(content);
            spilled = body.file();
            assertThat(spilled).exists();
        }

        assertThat(Files.exists(spilled)).isFalse();
    }

    private static byte[] readAll(SpooledBody body) throws Exception {
        try (InputStream in = body.requestBody().contentStreamProvider().newStream()) {
            return in.readAllBytes();
        }
    }
}
