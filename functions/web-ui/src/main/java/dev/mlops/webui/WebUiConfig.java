package dev.mlops.webui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where the MLflow web UI build comes from. {@code ./mlops serve} sets {@code dir} to its verified cache. */
@ConfigMapping(prefix = "mlops.ui")
public interface WebUiConfig {

    /** Serve the UI at all; a function that only backs the API (the UI on a CDN) turns it off. */
    @WithDefault("true")
    boolean enabled();

    /**
     * A directory holding MLflow's unpacked UI build ({@code index.html}, {@code static/...}); unset means the
     * classpath's {@code META-INF/mlflow-ui/}.
     */
    Optional<String> dir();
}
