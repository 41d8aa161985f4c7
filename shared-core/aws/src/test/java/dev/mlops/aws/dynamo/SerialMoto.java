package dev.mlops.aws.dynamo;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.testsupport.AwsEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A second moto server that handles one request at a time, for races between transactions. moto 5.2.5's
 * TransactWriteItems is not isolated on its threaded server (it snapshots the table and restores it on a failed
 * condition, without a lock; see docs/dynamodb-design.md), so concurrent transactions there can both pass their
 * conditions. Serving requests one by one gives each transaction the serializable isolation DynamoDB guarantees,
 * while the clients still race: their reads and writes interleave request by request, over the wire.
 */
final class SerialMoto implements AutoCloseable {

    private static final String SCRIPT = """
            import sys
            from werkzeug.serving import run_simple
            from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
            run_simple("127.0.0.1", int(sys.argv[1]), DomainDispatcherApplication(create_backend_app),
                       threaded=False, request_handler=MotoRequestHandler)
            """;

    private final Process process;
    private final URI endpoint;

    private SerialMoto(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static SerialMoto start() throws IOException, InterruptedException {
        Path python = venv().resolve("bin/python");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process process = new ProcessBuilder(python.toString(), "-c", SCRIPT, Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return new SerialMoto(process, URI.create("http://127.0.0.1:" + port));
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("serial moto exited with " + process.exitValue());
                }
                Thread.sleep(200);
            }
        }
        process.destroy();
        throw new IOException("serial moto did not start within 60 s");
    }

    /** Settings for fresh tables on this server, with the shared emulator's region and test credentials. */
    AwsSettings settings() {
        AwsEmulator shared = AwsEmulator.get();
        return AwsSettings.forEmulator(endpoint, shared.region(), shared.accessKey(), shared.secretKey(),
                "serial-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** One independent client and store per simulated process. */
    static Store store(AwsSettings settings) {
        AwsClients clients = new AwsClients(settings, List.of());
        DynamoTables tables = DynamoTables.createIfMissing(clients.dynamo(), settings);
        return new Store(clients, new DynamoRegistryStore(clients.dynamo(), tables, DynamoGuard.standard()));
    }

    record Store(AwsClients clients, DynamoRegistryStore registry) {
    }

    @Override
    public void close() {
        process.destroy();
    }

    private static Path venv() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve(".venv/bin/python"))) {
                return dir.resolve(".venv");
            }
        }
        throw new IOException("no .venv with moto above " + Path.of("").toAbsolutePath());
    }
}
