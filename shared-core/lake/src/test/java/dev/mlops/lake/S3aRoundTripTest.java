package dev.mlops.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.testsupport.AwsEmulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The lake through s3a:// against the shared AWS emulator, with only the slim jar set of this module (no SDK bundle):
 * bucket made with the plain SDK, file written and read through S3A, nothing but the final file left behind.
 */
class S3aRoundTripTest {

    private static AwsEmulator aws;
    private static String bucket;
    private static Configuration conf;
    private static FileSystem fs;

    @BeforeAll
    static void createBucket() throws IOException {
        aws = AwsEmulator.get();
        bucket = aws.uniquePrefix("lake-s3a");
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.of(aws.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(aws.accessKey(), aws.secretKey())))
                .build()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        conf = LakeConfiguration.s3a(aws.endpoint(), aws.region(), aws.accessKey(), aws.secretKey());
        fs = new Path("s3a://" + bucket + "/").getFileSystem(conf);
    }

    @AfterAll
    static void closeFileSystem() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    private static LakeLayout layout() {
        return new LakeLayout(new Path("s3a://" + bucket + "/lake"));
    }

    private static List<MetricPoint> readAll(MetricFileReader.Cursor cursor) {
        List<MetricPoint> out = new ArrayList<>();
        try (cursor) {
            cursor.forEachRemaining(out::add);
        }
        return out;
    }

    private static void assertBitExact(List<MetricPoint> actual, List<MetricPoint> expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            MetricPoint e = expected.get(i);
            MetricPoint a = actual.get(i);
            assertThat(a.sameAs(e)).as("row %d: %s vs %s", i, a, e).isTrue();
            assertThat(Double.doubleToRawLongBits(a.value())).isEqualTo(Double.doubleToRawLongBits(e.value()));
        }
    }

    @Test
    void writesAndReadsBackExactPointsWithKeyPushdown() throws IOException {
        List<MetricPoint> points = MetricFileRoundTripTest.specialValues();
        MetricFileWriter.Written written = new MetricFileWriter(layout(), conf).write("7", "run1", points);

        assertThat(written.alreadyPresent()).isFalse();
        assertThat(written.file().toUri().getScheme()).isEqualTo("s3a");
        assertThat(written.file().toString())
                .startsWith("s3a://" + bucket + "/lake/experiment_id=7/run_id=run1/part-")
                .endsWith(".parquet");
        assertThat(fs.getFileStatus(written.file()).getLen()).isPositive();

        List<MetricPoint> loss = points.stream().filter(p -> p.key().equals("loss")).sorted(MetricRows.ORDER).toList();
        assertThat(loss).anyMatch(p -> Double.isNaN(p.value()));
        MetricFileReader reader = new MetricFileReader(conf);
        assertBitExact(readAll(reader.read(written.file(), "run1", "loss")), loss);
        assertBitExact(readAll(reader.read(written.file(), "run1", "loss", 0, 3)),
                loss.stream().filter(p -> p.step() >= 0 && p.step() <= 3).toList());
        assertThat(readAll(reader.read(written.file(), "run1", "val/ünïcode")))
                .containsExactly(new MetricPoint("val/ünïcode", 3.0, 1L, 1));
        assertThat(readAll(reader.read(written.file(), "run1", "absent"))).isEmpty();
    }

    @Test
    void rewritingTheSameFlushIsANoOpOnS3() throws IOException {
        List<MetricPoint> points = MetricFileRoundTripTest.specialValues();
        MetricFileWriter writer = new MetricFileWriter(layout(), conf);
        MetricFileWriter.Written first = writer.write("8", "run2", points);
        FileStatus before = fs.getFileStatus(first.file());

        List<MetricPoint> shuffled = new ArrayList<>(points);
        java.util.Collections.reverse(shuffled);
        shuffled.add(points.get(0)); // an exact repeat changes nothing either
        MetricFileWriter.Written second = writer.write("8", "run2", shuffled);

        assertThat(second.alreadyPresent()).isTrue();
        assertThat(second.file()).isEqualTo(first.file());
        FileStatus after = fs.getFileStatus(second.file());
        assertThat(after.getModificationTime()).isEqualTo(before.getModificationTime());
        assertThat(after.getLen()).isEqualTo(before.getLen());
        FileStatus[] listing = fs.listStatus(layout().runDirectory("8", "run2"));
        assertThat(Arrays.stream(listing).map(s -> s.getPath().getName()))
                .containsExactly(first.file().getName());
    }
}
