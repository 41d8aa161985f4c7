package dev.mlops.testsupport.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Databricks SQL warehouse as the Databricks JDBC driver (3.x, SEA mode) sees it, in front of a real Spark SQL +
 * Delta engine: sessions, statements with typed positional parameters, inline JSON_ARRAY results, polling,
 * statement close and cancel, error states with SQLSTATE, and bearer-token auth with personal access tokens or
 * OAuth machine-to-machine client credentials. Each statement runs on Spark through the session's own Thrift
 * connection. Test support only: no shipped function contains it.
 */
public final class StatementFacade implements AutoCloseable {

    public static final String WAREHOUSE_ID = "mlops0local0wh";
    public static final String HTTP_PATH = "/sql/1.0/warehouses/" + WAREHOUSE_ID;

    static final ObjectMapper JSON = new ObjectMapper();
    /** MLOPS_FACADE_TRACE=true prints each request line (never a header or body) to stderr. */
    private static final boolean TRACE = Boolean.parseBoolean(System.getenv("MLOPS_FACADE_TRACE"));

    private final HttpServer server;
    private final ExecutorService httpThreads = Executors.newCachedThreadPool(daemon("facade-http"));
    private final int thriftPort;
    private final Map<String, FacadeSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, FacadeStatement> statements = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final FacadeFaults faults = new FacadeFaults();
    private final AtomicLong executed = new AtomicLong();
    private final EngineTimings timings = new EngineTimings();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

    /** A statement as it arrived: the text the driver sent and its parameter values, for tests to inspect. */
    public record Received(String sessionId, String statement, List<String> parameterValues) {
    }

    private StatementFacade(HttpServer server, int thriftPort) {
        this.server = server;
        this.thriftPort = thriftPort;
    }

    /** Serves on a free loopback port in front of the Thrift server at {@code thriftPort}. */
    public static StatementFacade start(int thriftPort) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            StatementFacade facade = new StatementFacade(server, thriftPort);
            server.createContext("/", facade::handle);
            server.setExecutor(facade.httpThreads);
            server.start();
            return facade;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Could not start the statement facade", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The workspace host as the backend configures it, e.g. {@code 127.0.0.1:41234}. */
    public String host() {
        return "127.0.0.1:" + port();
    }

    /** Accepts this personal access token from now on. */
    public void acceptToken(String token) {
        tokens.add(token);
    }

    /** Stops accepting a token (a rotation revoked it), including OAuth tokens issued for a client. */
    public void revokeToken(String token) {
        tokens.remove(token);
    }

    /** Accepts OAuth M2M client credentials at the token endpoint. */
    public void acceptClient(String clientId, String secret) {
        clients.put(clientId, secret);
    }

    public void revokeClient(String clientId) {
        clients.remove(clientId);
        tokens.removeIf(t -> t.startsWith("oauth-" + clientId + "-"));
    }

    public FacadeFaults faults() {
        return faults;
    }

    /** Statements run on the engine so far (each counts once, whatever its outcome). */
    public long executedStatements() {
        return executed.get();
    }

    /** How long the engine took per kind of statement (successful ones), for test output and benchmarks. */
    public EngineTimings timings() {
        return timings;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public void clearReceived() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        sessions.values().forEach(FacadeSession::close);
        sessions.clear();
        httpThreads.shutdownNow();
    }

    // ---- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (TRACE) {
                System.err.println("[facade] " + method + " " + exchange.getRequestURI());
            }
            if (path.equals("/oidc/.well-known/oauth-authorization-server")) {
                reply(exchange, 200, oauthMetadata());
                return;
            }
            if (path.equals("/oidc/v1/token") && method.equals("POST")) {
                token(exchange);
                return;
            }
            if (path.startsWith("/.well-known/databricks-config")) {
                reply(exchange, 200, JSON.createObjectNode().put("workspace_id", "1")
                        .put("host", "http://" + host()));
                return;
            }
            if (path.startsWith("/telemetry")) {
                reply(exchange, 200, JSON.createObjectNode());
                return;
            }
            if (!authorised(exchange)) {
                reply(exchange, 401, error("UNAUTHENTICATED", "Invalid access token."));
                return;
            }
            route(exchange, method, path);
        } catch (RuntimeException e) {
            reply(exchange, 500, error("INTERNAL_ERROR", "facade: " + e));
        }
    }

    private void route(HttpExchange exchange, String method, String rawPath) throws IOException {
        String sessions = "/api/2.0/sql/sessions";
        String statementsPath = "/api/2.0/sql/statements";
        // The 3.x driver addresses sessions under the warehouse: /api/2.0/sql/warehouses/<id>/sessions/...
        String path = rawPath.replaceFirst("^/api/2\\.0/sql/warehouses/[^/]+/", "/api/2.0/sql/");
        List<String> parts = List.of(path.replaceAll("/+$", "").split("/"));
        if (path.startsWith(sessions)) {
            if (method.equals("POST") && parts.size() == 5) {
                reply(exchange, 200, createSession(body(exchange)));
            } else if (method.equals("DELETE") && parts.size() == 6) {
                FacadeSession session = this.sessions.remove(parts.get(5));
                if (session != null) {
                    session.close();
                }
                reply(exchange, 200, JSON.createObjectNode());
            } else {
                reply(exchange, 404, error("NOT_FOUND", "No such endpoint " + method + " " + path));
            }
            return;
        }
        if (path.startsWith(statementsPath)) {
            if (method.equals("POST") && parts.size() == 5) {
                executeStatement(exchange, body(exchange));
                return;
            }
            FacadeStatement statement = parts.size() >= 6 ? statements.get(parts.get(5)) : null;
            if (statement == null) {
                reply(exchange, 404, error("RESOURCE_DOES_NOT_EXIST", "No such statement."));
            } else if (method.equals("GET") && parts.size() == 6) {
                reply(exchange, 200, statement.response(0));
            } else if (method.equals("GET") && parts.size() == 9 && parts.get(6).equals("result")) {
                reply(exchange, 200, statement.chunk(Integer.parseInt(parts.get(8))));
            } else if ((method.equals("DELETE") && parts.size() == 6)
                    || (method.equals("POST") && parts.size() == 7 && parts.get(6).equals("cancel"))) {
                statement.cancel();
                if (method.equals("DELETE")) {
                    statements.remove(statement.id());
                }
                reply(exchange, 200, JSON.createObjectNode());
            } else {
                reply(exchange, 404, error("NOT_FOUND", "No such endpoint " + method + " " + path));
            }
            return;
        }
        reply(exchange, 404, error("NOT_FOUND", "No such endpoint " + method + " " + path));
    }

    private ObjectNode createSession(JsonNode request) {
        String id = UUID.randomUUID().toString();
        FacadeSession session = new FacadeSession(id, thriftPort, text(request, "catalog"), text(request, "schema"));
        sessions.put(id, session);
        return JSON.createObjectNode().put("session_id", id);
    }

    private void executeStatement(HttpExchange exchange, JsonNode request) throws IOException {
        String sql = text(request, "statement");
        FacadeSession session = sessions.get(text(request, "session_id"));
        if (session == null || sql == null) {
            reply(exchange, 400, error("INVALID_PARAMETER_VALUE", session == null
                    ? "The session does not exist or has been closed." : "statement is required"));
            return;
        }
        FacadeFaults.Kind fault = faults.take(sql);
        if (fault == FacadeFaults.Kind.WAREHOUSE_STARTING) {
            reply(exchange, 503, error("TEMPORARILY_UNAVAILABLE", "The SQL warehouse is starting. Retry later."));
            return;
        }
        if (fault == FacadeFaults.Kind.THROTTLED) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            reply(exchange, 429, error("REQUEST_LIMIT_EXCEEDED", "Too many requests. Retry later."));
            return;
        }
        if (fault == FacadeFaults.Kind.UNAUTHENTICATED) {
            reply(exchange, 401, error("UNAUTHENTICATED", "Invalid access token."));
            return;
        }
        List<ParameterBinder.Parameter> parameters = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (JsonNode p : request.path("parameters")) {
            String value = p.hasNonNull("value") ? p.get("value").asText() : null;
            parameters.add(new ParameterBinder.Parameter(p.path("ordinal").asInt(parameters.size() + 1),
                    text(p, "type"), value));
            values.add(value);
        }
        received.add(new Received(session.id(), sql, values));
        FacadeStatement statement = new FacadeStatement(UUID.randomUUID().toString(), session, sql, parameters,
                executed, timings);
        statements.put(statement.id(), statement);
        statement.submit();
        long waitMillis = waitTimeout(text(request, "wait_timeout"));
        ObjectNode response = statement.response(waitMillis);
        if (fault == FacadeFaults.Kind.LOST_ANSWER) {
            statement.awaitQuietly();
            // The work is done and committed; the caller never hears of it.
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(500, 0);
            exchange.getResponseBody().close();
            return;
        }
        reply(exchange, 200, response);
    }

    // ---- auth

    private boolean authorised(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.startsWith("Bearer ") && tokens.contains(header.substring(7).strip());
    }

    private ObjectNode oauthMetadata() {
        String base = "http://" + host() + "/oidc";
        return JSON.createObjectNode().put("issuer", base)
                .put("authorization_endpoint", base + "/v1/authorize")
                .put("token_endpoint", base + "/v1/token");
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6).strip()),
                    StandardCharsets.UTF_8).split(":", 2);
            id = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        if (!"client_credentials".equals(form.get("grant_type")) || id == null || secret == null
                || !secret.equals(clients.get(id))) {
            reply(exchange, 401, JSON.createObjectNode().put("error", "invalid_client")
                    .put("error_description", "Client authentication failed"));
            return;
        }
        String token = "oauth-" + id + "-" + UUID.randomUUID();
        tokens.add(token);
        reply(exchange, 200, JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", 3600).put("scope", form.getOrDefault("scope", "all-apis")));
    }

    // ---- helpers

    static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static long waitTimeout(String value) {
        if (value == null || !value.matches("\\d+s")) {
            return 10_000;
        }
        return Long.parseLong(value.substring(0, value.length() - 1)) * 1000;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    URI baseUri() {
        return URI.create("http://" + host());
    }
}
