package dev.mlops.webui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One MLflow UI build (the {@code mlflow/server/js/build} directory of the {@code mlflow} wheel): a directory on
 * disk, or a folder of the classpath. The build's {@code index.html} is read once; the rest is served by Vert.x.
 */
record UiBuild(String root, boolean onClasspath, byte[] indexHtml) {

    static final String CLASSPATH_ROOT = "META-INF/mlflow-ui";

    /** The configured build, or empty when there is none (the API still serves; {@code /} says how to get it). */
    static Optional<UiBuild> locate(WebUiConfig config) {
        if (config.dir().isPresent()) {
            Path dir = Path.of(config.dir().get()).toAbsolutePath().normalize();
            Path index = dir.resolve("index.html");
            if (!Files.isRegularFile(index)) {
                return Optional.empty();
            }
            try {
                return Optional.of(new UiBuild(dir.toString(), false, Files.readAllBytes(index)));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + index, e);
            }
        }
        try (InputStream in = UiBuild.class.getClassLoader().getResourceAsStream(CLASSPATH_ROOT + "/index.html")) {
            return in == null ? Optional.empty() : Optional.of(new UiBuild(CLASSPATH_ROOT, true, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the UI's index.html from the classpath", e);
        }
    }

    String describe() {
        return onClasspath ? "classpath:" + root : root;
    }
}
