package dev.mlops.webui;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Serves MLflow's web UI as {@code mlflow server} does: {@code index.html} at {@code /} (the UI routes with the URL
 * fragment, {@code /#/experiments/1}, so there are no other page paths) and the build's files under
 * {@code /static-files/}. Files go through Vert.x's {@link StaticHandler} (no directory listing, no traversal out of
 * the root, content types, Last-Modified and 304s) with the {@link CachePolicy} headers. Without a build, {@code /}
 * answers a plain-text page that says how to get one, and the API serves as usual.
 */
@ApplicationScoped
public class WebUiRoutes {

    private static final Logger LOG = Logger.getLogger(WebUiRoutes.class);

    static final String MISSING = """
            The MLflow web UI is not installed on this server; the MLflow API serves as usual.

            ./mlops serve downloads the UI on first use (the pinned mlflow wheel from PyPI, checked against its \
            SHA-256) into .cache/mlflow-ui/ and serves it from there. Without network, run ./mlops ui once where \
            PyPI is reachable, or point it at a downloaded wheel: MLOPS_UI_WHEEL=/path/to/mlflow-<version>-py3-none-any.whl \
            ./mlops ui. Other deployments set mlops.ui.dir to an unpacked build (mlflow/server/js/build).
            """;

    private final WebUiConfig config;
    private final Optional<UiBuild> build;

    public WebUiRoutes(WebUiConfig config) {
        this.config = config;
        this.build = config.enabled() ? UiBuild.locate(config) : Optional.empty();
    }

    void log(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("MLflow web UI: off (mlops.ui.enabled=false)");
        } else if (build.isPresent()) {
            LOG.infof("MLflow web UI: serving %s at /", build.get().describe());
        } else {
            LOG.warnf("MLflow web UI: no build found%s; the API serves as usual (see ./mlops ui)",
                    config.dir().map(d -> " in " + d).orElse(""));
        }
    }

    void routes(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        router.get("/").handler(this::index);
        router.get("/index.html").handler(this::index);
        if (build.isEmpty()) {
            return;
        }
        UiBuild ui = build.get();
        StaticHandler files = ui.onClasspath()
                ? StaticHandler.create(ui.root())
                : StaticHandler.create(FileSystemAccess.ROOT, ui.root());
        // Hidden-file filtering stays off: Vert.x applies it to the root's own path too, and the launcher's
        // cache lives under .cache/. The build holds no dotfiles.
        files.setDirectoryListing(false)
                .setDefaultContentEncoding("UTF-8")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(31_536_000);
        router.get("/static-files/*").handler(WebUiRoutes::cacheHeaders).handler(files);
    }

    private void index(RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "SAMEORIGIN");
        if (build.isEmpty()) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(MISSING);
            return;
        }
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.INDEX)
                .end(Buffer.buffer(build.get().indexHtml()));
    }

    /** Sets the policy's Cache-Control once the static handler has written its own headers. */
    private static void cacheHeaders(RoutingContext ctx) {
        String policy = CachePolicy.forPath(ctx.normalizedPath());
        ctx.response().putHeader("X-Content-Type-Options", "nosniff");
        ctx.addHeadersEndHandler(v -> {
            int status = ctx.response().getStatusCode();
            if (status == 200 || status == 304) {
                ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, policy);
            }
        });
        ctx.next();
    }
}
