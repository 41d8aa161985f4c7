package dev.mlops.aws;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * TEMPORARY: the endpoint from AWS_ENDPOINT_URL (e.g. a moto_server) until test-support's AwsEmulator is published;
 * then this class goes away.
 */
public final class TestAws {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "emulator-access-key";
    /** Distinctive so the leak test can search logs and messages for it. */
    public static final String SECRET_KEY = "emulator-secret-" + UUID.randomUUID();

    private TestAws() {
    }

    public static URI endpoint() {
        String url = System.getenv("AWS_ENDPOINT_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("Set AWS_ENDPOINT_URL to an emulator, e.g. start "
                    + "`moto_server -H 127.0.0.1 -p 5124` and export AWS_ENDPOINT_URL=http://127.0.0.1:5124");
        }
        return URI.create(url);
    }

    /** A lowercase, bucket-safe prefix unique to this call, so tests never share resources. */
    public static String uniquePrefix(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static AwsSettings settings(String prefix) {
        return AwsSettings.forEmulator(endpoint(), REGION, ACCESS_KEY, SECRET_KEY, prefix);
    }

    public static AwsClients clients(AwsSettings settings, ExecutionInterceptor... interceptors) {
        return new AwsClients(settings, List.of(interceptors));
    }
}
