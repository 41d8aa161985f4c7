package dev.mlops.api;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.aws.events.EventBridgePublisher;
import dev.mlops.aws.s3.S3ArtifactStore;
import dev.mlops.aws.s3.S3Buckets;
import dev.mlops.aws.secrets.SecretProvider;
import dev.mlops.core.local.DataDirLock;
import dev.mlops.core.local.DiskSpace;
import dev.mlops.core.local.LocalArtifactStore;
import dev.mlops.core.local.LocalBackend;
import dev.mlops.core.port.Backend;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.databricks.CredentialSource;
import dev.mlops.databricks.DatabricksBackend;
import dev.mlops.databricks.DatabricksCredentials;
import dev.mlops.databricks.DatabricksSettings;
import dev.mlops.databricks.sql.Warehouse;
import dev.mlops.databricks.store.DatabricksHealthStatusStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Opens the Databricks backend: the tables on the warehouse, artifacts on local files or S3, events on EventBridge
 * when on AWS. The one place that decides where its credentials come from: the Secrets Manager secret named by
 * {@code mlops.databricks.secret-id} through the shared {@link SecretProvider}, or else environment variables read
 * here and handed straight to the credential source, so no config object, log line or dump ever holds them.
 */
final class DatabricksWiring {

    private static final Logger LOG = Logger.getLogger(DatabricksWiring.class);

    static final String ENV_TOKEN = "MLOPS_DATABRICKS_TOKEN";
    static final String ENV_CLIENT_ID = "MLOPS_DATABRICKS_CLIENT_ID";
    static final String ENV_CLIENT_SECRET = "MLOPS_DATABRICKS_CLIENT_SECRET";

    private DatabricksWiring() {
    }

    static Backend open(BackendConfig config) {
        BackendConfig.Databricks d = config.databricks();
        DatabricksSettings settings = settings(d);
        boolean s3 = "s3".equals(d.artifacts());
        if (!s3 && !"local".equals(d.artifacts())) {
            throw new IllegalStateException("mlops.databricks.artifacts must be local or s3, got '" + d.artifacts()
                    + "'.");
        }
        AwsClients aws = s3 || d.secretId().isPresent() ? new AwsClients(BackendProducer.awsSettings(config.aws()),
                List.of()) : null;
        try {
            CredentialSource credentials = d.secretId().isPresent()
                    ? new CredentialSource.FromSecret(new SecretProvider(aws.secrets(), d.secretTtl()),
                    d.secretId().get())
                    : new CredentialSource.Fixed(fromEnvironment(System.getenv()));
            DatabricksBackend.Surroundings surroundings = s3 ? onS3(config, aws) : onLocalFiles(config, aws);
            LOG.infof("Databricks backend: %s, artifacts %s, credentials from %s", settings,
                    s3 ? "on S3" : "under " + config.dataDir(), d.secretId().map(id -> "secret " + id)
                            .orElse("the environment"));
            if (d.registerLake()) {
                settings = settings.withLakeLocation(lakeRoot(config, s3));
            }
            return DatabricksBackend.open(settings, credentials, surroundings, Warehouse.FaultPolicy.standard(),
                    config.audit().retention()).asBackend();
        } catch (RuntimeException e) {
            if (aws != null) {
                aws.close();
            }
            throw e;
        }
    }

    /**
     * The health monitor's status table, over a session of its own (as the AWS health function has clients of its
     * own); the credentials come from where the backend's come from.
     */
    static DatabricksHealthStatusStore healthStatuses(BackendConfig config) {
        BackendConfig.Databricks d = config.databricks();
        if (d.secretId().isEmpty()) {
            return DatabricksHealthStatusStore.connect(settings(d), new CredentialSource.Fixed(
                    fromEnvironment(System.getenv())), Warehouse.FaultPolicy.standard(), () -> { });
        }
        AwsClients aws = new AwsClients(BackendProducer.awsSettings(config.aws()), List.of());
        return DatabricksHealthStatusStore.connect(settings(d), new CredentialSource.FromSecret(
                new SecretProvider(aws.secrets(), d.secretTtl()), d.secretId().get()), Warehouse.FaultPolicy.standard(),
                aws::close);
    }

    private static DatabricksSettings settings(BackendConfig.Databricks d) {
        return new DatabricksSettings(d.host(), d.httpPath(), d.catalog(), d.schema(), d.insecureHttp(),
                d.poolSize(), d.statementTimeout(), Optional.empty(), d.driverOptions());
    }

    /** MLOPS_DATABRICKS_TOKEN, or MLOPS_DATABRICKS_CLIENT_ID with MLOPS_DATABRICKS_CLIENT_SECRET. */
    static DatabricksCredentials fromEnvironment(Map<String, String> env) {
        String token = env.get(ENV_TOKEN);
        if (token != null && !token.isBlank()) {
            return DatabricksCredentials.token(token);
        }
        String id = env.get(ENV_CLIENT_ID);
        String secret = env.get(ENV_CLIENT_SECRET);
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            return DatabricksCredentials.oauth(id, secret);
        }
        throw new IllegalStateException("The Databricks backend needs credentials: set " + ENV_TOKEN + ", or "
                + ENV_CLIENT_ID + " and " + ENV_CLIENT_SECRET + ", or mlops.databricks.secret-id.");
    }

    /** Proxied artifact URIs and files under the data directory, which this process then owns. */
    private static DatabricksBackend.Surroundings onLocalFiles(BackendConfig config, AwsClients aws) {
        Path dir = Path.of(config.dataDir()).toAbsolutePath().normalize();
        DataDirLock lock = DataDirLock.acquire(dir);
        DiskSpace space = new DiskSpace(dir, config.diskReserveBytes(), DiskSpace.FILE_STORE);
        return new DatabricksBackend.Surroundings(new LocalArtifactStore(dir.resolve("artifacts"), space),
                LocalBackend.ARTIFACT_ROOT_URI, EventPublisher.NONE, () -> {
                    lock.close();
                    if (aws != null) {
                        aws.close();
                    }
                });
    }

    /** The AWS backend's bucket and bus, as the AWS functions have them. */
    private static DatabricksBackend.Surroundings onS3(BackendConfig config, AwsClients aws) {
        AwsSettings settings = aws.settings();
        if (config.aws().createResources()) {
            S3Buckets.createIfMissing(aws.s3(), settings);
        }
        S3Presigner presigner = aws.presigner();
        EventBridgePublisher events = new EventBridgePublisher(aws.events(), settings);
        return new DatabricksBackend.Surroundings(new S3ArtifactStore(aws.s3(), presigner, settings),
                "s3://" + settings.bucket() + "/" + settings.artifactPrefix(), events, () -> {
                    events.close();
                    presigner.close();
                    aws.close();
                });
    }

    private static String lakeRoot(BackendConfig config, boolean s3) {
        return s3 ? "s3://" + BackendProducer.awsSettings(config.aws()).bucket() + "/lake"
                : Path.of(config.dataDir()).toAbsolutePath().normalize().resolve("lake").toUri().toString();
    }
}
