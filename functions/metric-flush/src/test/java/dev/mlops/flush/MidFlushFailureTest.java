package dev.mlops.flush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.metric.BufferSnapshot;
import dev.mlops.core.metric.LakeManifest;
import dev.mlops.core.metric.PointBatch;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.MetricBuffer;
import dev.mlops.lake.FlushReport;
import dev.mlops.lake.LakeConfiguration;
import dev.mlops.lake.LakeLayout;
import dev.mlops.lake.MetricFileReader;
import dev.mlops.lake.MetricFlusher;
import dev.mlops.testsupport.AwsEmulator;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The AWS flush path (DynamoDB buffer and manifest, s3a:// lake) with S3 or DynamoDB failing in the middle: the
 * failed flush reports the run, the next one finishes, and lake plus buffer hold every point exactly once.
 */
@ExtendWith(AwsEmulatorExtension.class)
class MidFlushFailureTest {

    enum Fault {
        S3_UPLOAD(r -> r instanceof PutObjectRequest || r instanceof CompleteMultipartUploadRequest),
        DYNAMO_SNAPSHOT(r -> r instanceof QueryRequest q && q.indexName() == null),
        DYNAMO_COMMIT(r -> r instanceof PutItemRequest p && p.item().get("batch") != null
                && "~manifest".equals(p.item().get("batch").s())),
        DYNAMO_RELEASE(r -> r instanceof UpdateItemRequest u && u.updateExpression() != null
                && u.updateExpression().startsWith("REMOVE"));

        final Predicate<SdkRequest> requests;

        Fault(Predicate<SdkRequest> requests) {
            this.requests = requests;
        }
    }

    private static final String RUN = "run0123456789abcdef";
    private Backend backend;
    private MetricBuffer buffer;
    private LakeLayout layout;
    private Configuration conf;

    @BeforeEach
    void open() {
        AwsEmulator aws = AwsEmulator.get();
        AwsSettings settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), aws.uniquePrefix("flush"));
        backend = AwsBackend.open(settings, true, List.of(new Faults()));
        buffer = (MetricBuffer) backend.metrics();
        layout = new LakeLayout(new Path("s3a://" + settings.bucket() + "/lake"));
        conf = LakeConfiguration.s3a(aws.endpoint(), aws.region(), aws.accessKey(), aws.secretKey());
        conf.set("fs.s3a.audit.execution.interceptors", Faults.class.getName());
        conf.setBoolean("fs.s3a.impl.disable.cache", true);
        conf.setInt("fs.s3a.attempts.maximum", 1);
        conf.setInt("fs.s3a.retry.limit", 1);
        conf.set("fs.s3a.retry.interval", "10ms");
    }

    @AfterEach
    void close() throws Exception {
        Faults.clear();
        backend.close();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFlushFailingMidway_shouldBeFinishedByTheNext(Fault fault) {
        List<MetricPoint> logged = new ArrayList<>();
        log(logged, 0, 3);
        assertThat(flusher().flushOne(RUN, "1").ok()).isTrue();
        log(logged, 3, 3);

        Faults.failWhen(fault.requests);
        FlushReport failed = flusher().flushOne(RUN, "1");
        Faults.clear();

        assertThat(failed.failures()).as("the failure is reported").hasSize(1);
        assertExactlyOnce(logged);
        assertThat(flusher().flushAll().failures()).isEmpty();
        assertExactlyOnce(logged);
        assertThat(buffer.snapshot(RUN).batches()).as("all released").isEmpty();
    }

    private MetricFlusher flusher() {
        return new MetricFlusher(buffer, layout, conf, run -> Optional.of("1"), MetricFlusher.Settings.DEFAULT,
                MetricFlusher.StepHook.NONE, InstantSource.system());
    }

    private void log(List<MetricPoint> logged, int first, int batches) {
        for (int b = first; b < first + batches; b++) {
            List<MetricPoint> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long step = b * 50L + i;
                batch.add(new MetricPoint("loss", step % 13 == 0 ? Double.NaN : 1.0 / (step + 1), 1000 + step, step));
            }
            buffer.append("1", RUN, batch);
            logged.addAll(batch);
        }
    }

    /** Rows of the committed files plus the uncovered buffered points, without merging: each logged point once. */
    private void assertExactlyOnce(List<MetricPoint> logged) {
        List<String> content = new ArrayList<>();
        BufferSnapshot snapshot = buffer.snapshot(RUN);
        MetricFileReader reader = new MetricFileReader(conf);
        for (LakeManifest.LakeFile file : snapshot.manifest().files()) {
            try (MetricFileReader.Cursor rows = reader.readAll(layout.resolve(file.name()), RUN)) {
                rows.forEachRemaining(p -> content.add(text(p)));
            }
        }
        for (PointBatch batch : snapshot.uncovered()) {
            batch.forEach(p -> content.add(text(p)));
        }
        assertThat(content.stream().sorted().toList())
                .containsExactlyElementsOf(logged.stream().map(MidFlushFailureTest::text).sorted().toList());
    }

    private static String text(MetricPoint p) {
        return p.key() + "|" + p.step() + "|" + p.timestamp() + "|" + Double.doubleToLongBits(p.value());
    }
}
