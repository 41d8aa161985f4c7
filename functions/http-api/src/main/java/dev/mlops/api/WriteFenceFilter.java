package dev.mlops.api;

import dev.mlops.core.error.ErrorCode;
import dev.mlops.core.error.MlopsException;
import dev.mlops.core.recovery.WriteFence;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The write path's side of the fence: every state-changing request ({@link WriteRoutes}) is admitted before any
 * resource runs and holds its permit until its response has ended (or the connection dropped), so a restore waits
 * for it and never sees it half done. Refused requests get 503 TEMPORARILY_UNAVAILABLE, which the mlflow client
 * retries. Admission may wait (a snapshot capture) or read DynamoDB, so it runs off the event loop, with the request
 * paused meanwhile.
 */
@ApplicationScoped
public class WriteFenceFilter {

    private static final Logger LOG = Logger.getLogger(WriteFenceFilter.class);
    /** Before body handling and the resources; after nothing that writes. */
    static final int PRIORITY = 500;

    @Inject
    WriteFence fence;

    void register(@Observes Filters filters) {
        filters.register(this::gate, PRIORITY);
    }

    void gate(RoutingContext rc) {
        if (!WriteRoutes.changesState(rc.request().method().name(), rc.normalizedPath())) {
            rc.next();
            return;
        }
        rc.request().pause();
        rc.vertx().<WriteFence.Permit>executeBlocking(fence::admit, false).onComplete(admitted -> {
            rc.request().resume();
            if (admitted.succeeded()) {
                WriteFence.Permit permit = admitted.result();
                rc.addEndHandler(ended -> permit.close());
                rc.next();
            } else if (admitted.cause() instanceof MlopsException refused) {
                reply(rc, refused.code(), refused.getMessage());
            } else {
                LOG.error("The write fence could not be read", admitted.cause());
                reply(rc, ErrorCode.TEMPORARILY_UNAVAILABLE, "The write fence could not be checked; try again.");
            }
        });
    }

    private static void reply(RoutingContext rc, ErrorCode code, String message) {
        rc.response().setStatusCode(code.httpStatus()).putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", "2")
                .end(new JsonObject().put("error_code", code.name()).put("message", message).encode());
    }
}
