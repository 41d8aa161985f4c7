package dev.mlops.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one AWS endpoint of this test JVM, started on first use and shared by every test.
 *
 * <p>Chosen in this order: {@code AWS_ENDPOINT_URL} or {@code MLOPS_AWS_ENDPOINT} as given ("env"); LocalStack in
 * Docker when a Docker engine answers ("localstack"); {@code moto_server} from the project venv ("moto"); else a
 * loud failure. Tests never skip for want of an emulator: a silently skipped AWS suite looks green and proves
 * nothing.
 */
public final class AwsEmulator {

    static final String REGION = "us-east-1";
    static final String TEST_CREDENTIAL = "test";

    private static AwsEmulator instance;
    private static RuntimeException startFailure;

    private final String kind;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AwsEmulator(String kind, URI endpoint, String accessKey, String secretKey) {
        this.kind = kind;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** The shared emulator; the first call starts it. A failed start is remembered so each test fails fast. */
    public static synchronized AwsEmulator get() {
        if (instance == null && startFailure == null) {
            try {
                instance = start(System.getenv());
            } catch (RuntimeException e) {
                startFailure = e;
            }
        }
        if (startFailure != null) {
            throw new IllegalStateException(startFailure.getMessage(), startFailure);
        }
        return instance;
    }

    private static AwsEmulator start(Map<String, String> env) {
        Optional<AwsEmulator> fromEnv = fromEnv(env);
        if (fromEnv.isPresent()) {
            announce(fromEnv.get().endpoint + " from the environment (kind env)");
            return fromEnv.get();
        }
        if (LocalStack.dockerAvailable()) {
            URI endpoint = LocalStack.start();
            announce("LocalStack " + LocalStack.IMAGE + " at " + endpoint + " (no AWS_ENDPOINT_URL, Docker answers)");
            return new AwsEmulator("localstack", endpoint, TEST_CREDENTIAL, TEST_CREDENTIAL);
        }
        Optional<MotoServer.Started> moto = MotoServer.startIfAvailable(env);
        if (moto.isPresent()) {
            announce("moto_server " + moto.get().version() + " at " + moto.get().endpoint()
                    + " (no AWS_ENDPOINT_URL, no Docker)");
            return new AwsEmulator("moto", moto.get().endpoint(), TEST_CREDENTIAL, TEST_CREDENTIAL);
        }
        throw new IllegalStateException(noEmulatorMessage());
    }

    /** The "env" choice: an endpoint someone already runs. Blank values count as unset (CI templates leave them so). */
    static Optional<AwsEmulator> fromEnv(Map<String, String> env) {
        Optional<String> url = nonBlank(env, "AWS_ENDPOINT_URL").or(() -> nonBlank(env, "MLOPS_AWS_ENDPOINT"));
        return url.map(u -> new AwsEmulator("env", URI.create(u.strip()),
                nonBlank(env, "AWS_ACCESS_KEY_ID").orElse(TEST_CREDENTIAL),
                nonBlank(env, "AWS_SECRET_ACCESS_KEY").orElse(TEST_CREDENTIAL)));
    }

    static String noEmulatorMessage() {
        return "No AWS emulator for the tests. Get one of these:\n"
                + "  1. set AWS_ENDPOINT_URL (or MLOPS_AWS_ENDPOINT) to a running emulator, e.g. http://localhost:4566;\n"
                + "  2. start a Docker engine, and LocalStack " + LocalStack.IMAGE + " is started for you;\n"
                + "  3. pip install '" + MotoServer.REQUIREMENT + "' into <repo>/.venv "
                + "(or run ./mlops once, which installs scripts/python-requirements.txt there), "
                + "or set MLOPS_MOTO_SERVER to a moto_server executable.";
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private static void announce(String what) {
        System.err.println("[aws-emulator] " + what);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return REGION;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** "env", "localstack" or "moto". */
    public String kind() {
        return kind;
    }

    /**
     * Forgets all AWS state. Only moto can do that; LocalStack and foreign endpoints keep theirs, so tests must use
     * {@link #uniquePrefix} names anyway and never rely on an empty account.
     */
    public void reset() {
        if (!kind.equals("moto")) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto reset at " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset at " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resetting moto", e);
        }
    }

    /**
     * A fresh name such as {@code "runs-1a2b3c4d"}: lowercase letters, digits and single hyphens, so it is a valid S3
     * bucket, DynamoDB table and SQS/EventBridge name. The base is cut to 30 characters so that suffixes like
     * {@code "-artifacts"} still fit the 63-character bucket limit.
     */
    public String uniquePrefix(String base) {
        String clean = (base == null ? "" : base).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (clean.length() > 30) {
            clean = clean.substring(0, 30).replaceAll("-+$", "");
        }
        if (clean.isEmpty()) {
            clean = "test";
        }
        return clean + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /**
     * Configuration that points a Quarkus function under test at this emulator, with its resources created under
     * {@code prefix}. The function's config never holds credentials: they go to the SDK's default chain as system
     * properties, which {@link #clearCredentials} removes.
     */
    public Map<String, String> functionConfig(String prefix) {
        System.setProperty("aws.accessKeyId", accessKey);
        System.setProperty("aws.secretAccessKey", secretKey);
        return Map.of(
                "mlops.aws.endpoint", endpoint.toString(),
                "mlops.aws.region", region(),
                "mlops.aws.prefix", prefix,
                "mlops.aws.create-resources", "true");
    }

    public static void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Override
    public String toString() {
        return "AwsEmulator[" + kind + " at " + endpoint + "]";
    }
}
