package dev.mlops.databricks;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the backend's tables live and how it reaches the warehouse. Holds no secret: the token or OAuth client
 * secret comes from a {@link CredentialSource}, so this record may be logged and dumped as it is.
 *
 * @param host          workspace host, {@code host} or {@code host:port} (443 when absent); a secret may supply it
 * @param httpPath      the SQL warehouse's HTTP path, {@code /sql/1.0/warehouses/<id>}; a secret may supply it
 * @param catalog       Unity Catalog catalog (Spark's own catalog is {@code spark_catalog})
 * @param schema        schema inside the catalog; created with the tables on first use
 * @param insecureHttp  plain HTTP instead of TLS: only for the local stand-in on loopback
 * @param poolSize      warehouse sessions kept open by this process
 * @param statementTimeout how long one statement may run before its outcome counts as unknown
 * @param lakeLocation  where the Parquet metric lake lives, to register it as the external table
 *                      {@code metric_lake}; empty leaves it unregistered
 * @param driverOptions extra switches for the driver's URL, e.g. {@code LogLevel=6;LogPath=/tmp/dbx}; credential
 *                      keys are refused here, since URLs get logged
 */
public record DatabricksSettings(Optional<String> host, Optional<String> httpPath, String catalog, String schema,
                                 boolean insecureHttp, int poolSize, Duration statementTimeout,
                                 Optional<String> lakeLocation, Map<String, String> driverOptions) {

    /** Keys that would put a credential into the URL. */
    private static final Set<String> CREDENTIAL_KEYS = Set.of("pwd", "password", "uid", "user", "oauth2secret",
            "auth_accesstoken", "oauth2clientid", "auth_refreshtoken", "oauthrefreshtoken", "token");
    private static final Pattern OPTION = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Pattern OPTION_VALUE = Pattern.compile("[A-Za-z0-9_./:-]{0,512}");

    public DatabricksSettings(Optional<String> host, Optional<String> httpPath, String catalog, String schema,
                              boolean insecureHttp, int poolSize, Duration statementTimeout,
                              Optional<String> lakeLocation) {
        this(host, httpPath, catalog, schema, insecureHttp, poolSize, statementTimeout, lakeLocation, Map.of());
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final Pattern LOCATION = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/[A-Za-z0-9/._=~:@%+-]*");

    public DatabricksSettings {
        // Catalog, schema and lake location are written into DDL (identifiers and LOCATION cannot be parameters),
        // so they are held to a shape that cannot carry anything but a name or a plain URI.
        if (!IDENTIFIER.matcher(catalog).matches() || !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("mlops.databricks.catalog and .schema must be plain identifiers"
                    + " (letters, digits, underscore), got '" + catalog + "' and '" + schema + "'.");
        }
        lakeLocation.ifPresent(l -> {
            if (!LOCATION.matcher(l).matches()) {
                throw new IllegalArgumentException("mlops.databricks lake location must be a plain URI such as"
                        + " s3://bucket/lake, got '" + l + "'.");
            }
        });
        driverOptions = Map.copyOf(driverOptions);
        driverOptions.forEach((k, v) -> {
            if (!OPTION.matcher(k).matches() || !OPTION_VALUE.matcher(v).matches()
                    || CREDENTIAL_KEYS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("mlops.databricks.driver-options: '" + k + "' is not allowed"
                        + " (credentials never go into the JDBC URL; values are plain words and paths).");
            }
        });
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1");
        }
    }

    public DatabricksSettings withLakeLocation(String location) {
        return new DatabricksSettings(host, httpPath, catalog, schema, insecureHttp, poolSize, statementTimeout,
                Optional.of(location), driverOptions);
    }

    public DatabricksSettings withDriverOptions(Map<String, String> options) {
        return new DatabricksSettings(host, httpPath, catalog, schema, insecureHttp, poolSize, statementTimeout,
                lakeLocation, options);
    }

    /** {@code `catalog`.`schema`.`table`}. */
    public String table(String name) {
        return "`" + catalog + "`.`" + schema + "`.`" + name + "`";
    }

    public String qualifiedSchema() {
        return "`" + catalog + "`.`" + schema + "`";
    }
}
