package dev.mlops.aws.dynamo;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.testsupport.AwsEmulator;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Tables under a unique prefix on the shared test emulator (AwsEmulator), with the stores and a capacity meter. */
final class DynamoFixture implements AutoCloseable {

    final AwsSettings settings;
    final CapacityMeter meter = new CapacityMeter();
    final DynamoDbClient dynamo;
    final DynamoTables tables;
    final DynamoMetadataStore metadata;
    final DynamoMetricStore metrics;
    final DynamoRegistryStore registry;
    private final AutoCloseable owner;

    private DynamoFixture(AwsSettings settings, DynamoGuard guard, Duration httpTimeout,
                          List<ExecutionInterceptor> extra) {
        this.settings = settings;
        if (httpTimeout == null) {
            List<ExecutionInterceptor> interceptors = new java.util.ArrayList<>(List.of(meter));
            interceptors.addAll(extra);
            AwsClients clients = new AwsClients(settings, interceptors);
            dynamo = clients.dynamo();
            owner = clients;
        } else {
            dynamo = patientClient(settings, httpTimeout);
            owner = dynamo;
        }
        tables = DynamoTables.createIfMissing(dynamo, settings);
        metadata = new DynamoMetadataStore(dynamo, tables, guard, "mlflow-artifacts:", InstantSource.system());
        metrics = new DynamoMetricStore(dynamo, tables, guard);
        registry = new DynamoRegistryStore(dynamo, tables, guard);
    }

    /** Fresh tables under a new prefix; the emulator is reset by AwsEmulatorExtension or by the caller. */
    static DynamoFixture create() {
        return new DynamoFixture(newSettings(), DynamoGuard.standard(), null, List.of());
    }

    /** Fresh tables whose client also runs {@code interceptor} (fault injection). */
    static DynamoFixture with(ExecutionInterceptor interceptor) {
        return new DynamoFixture(newSettings(), DynamoGuard.standard(), null, List.of(interceptor));
    }

    /** For measurements on huge tables, where moto takes minutes per request: a slow guard and HTTP client. */
    static DynamoFixture patient(Duration timeout) {
        return new DynamoFixture(newSettings(), new DynamoGuard(timeout, 1000, 1.0, Duration.ofSeconds(1)),
                timeout, List.of());
    }

    /** Another process on the same tables: its own clients and stores, nothing shared in memory. */
    DynamoFixture sibling() {
        return new DynamoFixture(settings, DynamoGuard.standard(), null, List.of());
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AwsSettings newSettings() {
        AwsEmulator emulator = AwsEmulator.get();
        return AwsSettings.forEmulator(emulator.endpoint(), emulator.region(), emulator.accessKey(),
                emulator.secretKey(), emulator.uniquePrefix("dyn"));
    }

    private DynamoDbClient patientClient(AwsSettings settings, Duration timeout) {
        return DynamoDbClient.builder()
                .endpointOverride(settings.endpoint().orElseThrow())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.accessKeyId().orElseThrow(), settings.secretAccessKey().orElseThrow())))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(timeout).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(meter).build())
                .build();
    }
}
