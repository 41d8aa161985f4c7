package dev.mlops.databricks;

import dev.mlops.aws.secrets.CredentialRejectedException;
import dev.mlops.databricks.sql.WarehouseFailure;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens Databricks JDBC driver connections (one SEA session each) with the current credentials. The URL carries only
 * the endpoint and switches, never a credential, so a URL that the driver or the pool logs leaks nothing; the token
 * or client secret travels in the connection properties. The pool in front of this asks for connections; a refused
 * credential surfaces as {@link CredentialRejectedException}, which the credential source answers by fetching the
 * secret again once.
 */
public final class DriverConnections implements DataSource {

    /**
     * The driver's (shaded) Apache HTTP client logs every request header, the bearer token included, and the wire
     * bytes at FINE; with the driver's LogLevel at DEBUG or TRACE those lines reach its log files. Its loggers are
     * pinned at INFO, whatever level the driver or the deployment sets above them (DatabricksSecretLeakTest found
     * the token there before this). The SDK's ApiClient is pinned too: at DEBUG it dumps each request body through
     * a BodyLogger that cuts strings by UTF-8 byte count but with a char index, so a statement parameter under 96
     * characters whose UTF-8 form is longer (accented names) throws StringIndexOutOfBoundsException and the
     * statement fails (driver 3.4.5; DatabricksPortsTest met it beside the TRACE leak test). Held in fields: JUL
     * forgets the level of a logger nobody references.
     */
    private static final List<java.util.logging.Logger> HTTP_CLIENT_LOGGERS = Stream.of(
                    "com.databricks.internal.apache.http", "com.databricks.internal.apache.hc",
                    "org.apache.http.wire", "org.apache.http.headers", "com.databricks.internal.sdk.core.ApiClient")
            .map(java.util.logging.Logger::getLogger)
            .peek(logger -> logger.setLevel(java.util.logging.Level.INFO))
            .toList();

    private final DatabricksSettings settings;
    private final CredentialSource credentials;
    private final Driver driver;

    public DriverConnections(DatabricksSettings settings, CredentialSource credentials) {
        this.settings = settings;
        this.credentials = credentials;
        this.driver = new com.databricks.client.jdbc.Driver();
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return credentials.withCredentials(this::open);
        } catch (WarehouseFailure.Wrapped wrapped) {
            throw wrapped.sql();
        }
    }

    private Connection open(DatabricksCredentials c) {
        String url = url(c);
        Properties properties = new Properties();
        if (c.kind() == DatabricksCredentials.Kind.PERSONAL_ACCESS_TOKEN) {
            properties.setProperty("UID", "token");
            properties.setProperty("PWD", c.reveal());
        } else {
            properties.setProperty("OAuth2Secret", c.reveal());
        }
        try {
            Connection connection = driver.connect(url, properties);
            if (connection == null) {
                throw new SQLException("The Databricks driver does not accept the URL for " + endpoint(c));
            }
            return connection;
        } catch (SQLException e) {
            if (WarehouseFailure.isRejection(e)) {
                throw new CredentialRejectedException("The workspace " + endpoint(c) + " refused the credential ("
                        + c.kind() + ")");
            }
            throw new WarehouseFailure.Wrapped(e);
        }
    }

    /** The JDBC URL, without any secret: SEA mode, inline JSON results, the driver's own retries off. */
    String url(DatabricksCredentials c) {
        String host = c.host().or(settings::host).orElseThrow(() -> new IllegalStateException(
                "No Databricks host: set mlops.databricks.host or put \"host\" in the secret."));
        String httpPath = c.httpPath().or(settings::httpPath).orElseThrow(() -> new IllegalStateException(
                "No SQL warehouse HTTP path: set mlops.databricks.http-path or put \"http_path\" in the secret."));
        String hostPort = host.contains(":") ? host : host + ":443";
        StringBuilder url = new StringBuilder("jdbc:databricks://").append(hostPort).append("/default")
                .append(";transportMode=http;ssl=").append(settings.insecureHttp() ? 0 : 1)
                .append(";httpPath=").append(httpPath)
                // The Statement Execution API, results inline as JSON (no cloud-fetch links).
                .append(";UseThriftClient=0;EnableQueryResultDownload=0;EnableArrow=0")
                // One retry layer only: ours, which knows which statements are safe to repeat.
                .append(";TemporarilyUnavailableRetry=0;RateLimitRetry=0")
                .append(";EnableTelemetry=0");
        settings.driverOptions().forEach((k, v) -> url.append(';').append(k).append('=').append(v));
        if (c.kind() == DatabricksCredentials.Kind.PERSONAL_ACCESS_TOKEN) {
            url.append(";AuthMech=3");
        } else {
            url.append(";AuthMech=11;Auth_Flow=1;OAuth2ClientId=").append(c.clientId());
            if (settings.insecureHttp()) {
                url.append(";OAuth2TokenEndpoint=http://").append(hostPort).append("/oidc/v1/token");
            }
        }
        return url.toString();
    }

    private String endpoint(DatabricksCredentials c) {
        return c.host().or(settings::host).orElse("?") + c.httpPath().or(settings::httpPath).orElse("");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the credential source");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // the driver logs through its own configuration
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the pool's connection timeout bounds a connect
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

    @Override
    public String toString() {
        return "DriverConnections[" + settings.host().orElse("(host from secret)") + "]";
    }
}
