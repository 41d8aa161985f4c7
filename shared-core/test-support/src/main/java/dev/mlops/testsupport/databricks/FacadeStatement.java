package dev.mlops.testsupport.databricks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** One submitted statement: runs on its session's worker and answers status polls and chunk fetches. */
final class FacadeStatement {

    private final String id;
    private final FacadeSession session;
    private final String sql;
    private final List<ParameterBinder.Parameter> parameters;
    private final AtomicLong executed;
    private final EngineTimings timings;
    private final CompletableFuture<EngineResult> outcome = new CompletableFuture<>();
    private volatile Statement running;
    private volatile boolean cancelled;

    FacadeStatement(String id, FacadeSession session, String sql, List<ParameterBinder.Parameter> parameters,
                    AtomicLong executed, EngineTimings timings) {
        this.timings = timings;
        this.id = id;
        this.session = session;
        this.sql = sql;
        this.parameters = parameters;
        this.executed = executed;
    }

    String id() {
        return id;
    }

    void submit() {
        session.worker().execute(() -> outcome.complete(run()));
    }

    private EngineResult run() {
        if (cancelled) {
            return new EngineResult.Failed("HY008", "CANCELLED", "The statement was cancelled.");
        }
        String bound;
        try {
            bound = ParameterBinder.bind(sql, parameters);
        } catch (ParameterBinder.BindException e) {
            return new EngineResult.Failed(e.sqlState, "BAD_REQUEST", e.getMessage());
        }
        executed.incrementAndGet();
        long started = System.nanoTime();
        try (Statement statement = session.connection().createStatement()) {
            running = statement;
            boolean rows = statement.execute(bound);
            EngineResult result = rows ? EngineResult.Rows.of(statement.getResultSet()) : EngineResult.Rows.empty();
            timings.record(sql, (System.nanoTime() - started) / 1_000_000);
            return result;
        } catch (SQLException e) {
            return new EngineResult.Failed(e.getSQLState() == null ? "XX000" : e.getSQLState(), "BAD_REQUEST",
                    clean(e.getMessage()));
        } catch (RuntimeException e) {
            return new EngineResult.Failed("XX000", "INTERNAL_ERROR", String.valueOf(e));
        } finally {
            running = null;
        }
    }

    void cancel() {
        cancelled = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException ignored) {
                // finished meanwhile
            }
        }
    }

    void awaitQuietly() {
        try {
            outcome.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // the caller is about to drop the answer anyway
        }
    }

    /** The statement's state after waiting up to {@code waitMillis} for it to finish; the whole result inline. */
    ObjectNode response(long waitMillis) {
        EngineResult result = null;
        try {
            result = waitMillis > 0 ? outcome.get(waitMillis, TimeUnit.MILLISECONDS) : outcome.getNow(null);
        } catch (TimeoutException stillRunning) {
            // answered as RUNNING; the driver polls
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            result = new EngineResult.Failed("XX000", "INTERNAL_ERROR", String.valueOf(e.getCause()));
        }
        ObjectNode response = StatementFacade.JSON.createObjectNode().put("statement_id", id);
        ObjectNode status = response.putObject("status");
        if (result == null) {
            status.put("state", outcome.isDone() ? "SUCCEEDED" : "RUNNING");
            return response;
        }
        if (result instanceof EngineResult.Failed failed) {
            status.put("state", failed.errorCode().equals("CANCELLED") ? "CANCELED" : "FAILED");
            status.put("sql_state", failed.sqlState());
            status.putObject("error").put("error_code", failed.errorCode()).put("message", failed.message());
            return response;
        }
        EngineResult.Rows rows = (EngineResult.Rows) result;
        status.put("state", "SUCCEEDED");
        ObjectNode manifest = response.putObject("manifest");
        manifest.put("format", "JSON_ARRAY");
        ObjectNode schema = manifest.putObject("schema");
        schema.put("column_count", rows.columns().size());
        ArrayNode columns = schema.putArray("columns");
        for (int i = 0; i < rows.columns().size(); i++) {
            EngineResult.Column c = rows.columns().get(i);
            columns.addObject().put("name", c.name()).put("type_name", c.typeName()).put("type_text", c.typeText())
                    .put("position", i);
        }
        manifest.put("total_chunk_count", 1);
        manifest.putArray("chunks").addObject().put("chunk_index", 0).put("row_offset", 0)
                .put("row_count", rows.rows().size());
        manifest.put("total_row_count", rows.rows().size());
        manifest.put("truncated", false);
        response.set("result", chunkOf(rows));
        return response;
    }

    ObjectNode chunk(int index) {
        EngineResult result = outcome.getNow(null);
        if (index != 0 || !(result instanceof EngineResult.Rows rows)) {
            return StatementFacade.error("INVALID_PARAMETER_VALUE", "No chunk " + index + ".");
        }
        return chunkOf(rows);
    }

    private static ObjectNode chunkOf(EngineResult.Rows rows) {
        ObjectNode chunk = StatementFacade.JSON.createObjectNode().put("chunk_index", 0).put("row_offset", 0)
                .put("row_count", rows.rows().size());
        ArrayNode data = chunk.putArray("data_array");
        for (List<String> row : rows.rows()) {
            ArrayNode r = data.addArray();
            row.forEach(r::add);
        }
        return chunk;
    }

    /** Spark's message without the Thrift server's Java prefixes and stack: what a warehouse would say. */
    static String clean(String message) {
        if (message == null) {
            return "Statement failed.";
        }
        String m = message.replace("Error running query: ", "");
        m = m.replaceAll("org\\.apache\\.[\\w.$]+(Exception|Error): ", "");
        int stack = m.indexOf("\n\tat ");
        m = stack > 0 ? m.substring(0, stack) : m;
        return m.strip();
    }
}
