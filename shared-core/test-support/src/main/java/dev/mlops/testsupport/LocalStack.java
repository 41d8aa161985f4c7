package dev.mlops.testsupport;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** LocalStack through Testcontainers; kept apart so Testcontainers classes load only when Docker is considered. */
final class LocalStack {

    /** Pinned: later images refuse to start without a LOCALSTACK_AUTH_TOKEN. */
    static final String IMAGE = "localstack/localstack:4.14.0";

    private LocalStack() {
    }

    /** Whether a Docker engine answers. Never throws: a missing or broken Docker just means "try moto next". */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) { // NoClassDefFoundError or a docker-java error must not end the selection
            System.err.println("[aws-emulator] Docker check failed, treating Docker as absent: " + e);
            return false;
        }
    }

    /** Starts the container for the rest of the JVM. Ryuk removes it too, but not where Ryuk is disabled. */
    @SuppressWarnings("resource") // lives as long as the JVM
    static URI start() {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE))
                .withServices("s3", "dynamodb", "secretsmanager", "events", "sqs");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
        return container.getEndpoint();
    }
}
