package dev.mlops.aws;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the SDK clients from {@link AwsSettings}: one small HTTP client, the SDK's standard retry mode (backoff on
 * throttling), and optional interceptors (tests count requests with one). Clients are thread-safe; build once.
 */
public final class AwsClients implements AutoCloseable {

    /** Health checks answer within this, retries included, so a probe never hangs on a dead endpoint. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final AwsSettings settings;
    private final SdkHttpClient http;
    private final List<ExecutionInterceptor> interceptors;
    private final boolean probing;
    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final SecretsManagerClient secrets;
    private final EventBridgeClient events;

    public AwsClients(AwsSettings settings, List<ExecutionInterceptor> interceptors) {
        this(settings, interceptors, false);
    }

    private AwsClients(AwsSettings settings, List<ExecutionInterceptor> interceptors, boolean probing) {
        this.settings = settings;
        this.interceptors = List.copyOf(interceptors);
        this.probing = probing;
        this.http = probing
                ? UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(PROBE_TIMEOUT).build()
                : UrlConnectionHttpClient.builder().build();
        this.dynamo = configure(DynamoDbClient.builder()).httpClient(http).build();
        this.s3 = configure(S3Client.builder()).httpClient(http)
                .forcePathStyle(settings.endpoint().isPresent()).build();
        this.secrets = configure(SecretsManagerClient.builder()).httpClient(http).build();
        this.events = configure(EventBridgeClient.builder()).httpClient(http).build();
    }

    /**
     * Clients for health checks: one attempt, short timeouts, so a check reports an unreachable or throttled
     * dependency within seconds instead of retrying like a request would.
     */
    public static AwsClients forHealthChecks(AwsSettings settings) {
        return new AwsClients(settings, List.of(), true);
    }

    public AwsSettings settings() {
        return settings;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public S3Client s3() {
        return s3;
    }

    public SecretsManagerClient secrets() {
        return secrets;
    }

    public EventBridgeClient events() {
        return events;
    }

    /** A presigner for download and multipart-part URLs; close it after use. */
    public S3Presigner presigner() {
        S3Presigner.Builder builder = S3Presigner.builder().region(Region.of(settings.region()))
                .credentialsProvider(credentials())
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.endpoint().isPresent()).build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public AwsCredentialsProvider credentials() {
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                    settings.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .executionInterceptors(interceptors);
        if (probing) {
            override.retryStrategy(b -> b.maxAttempts(1)).apiCallTimeout(PROBE_TIMEOUT);
        } else {
            override.retryStrategy(RetryMode.STANDARD);
        }
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials())
                .overrideConfiguration(override.build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void close() {
        dynamo.close();
        s3.close();
        secrets.close();
        events.close();
        http.close();
    }
}
