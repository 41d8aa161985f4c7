package dev.mlops.databricks;

import java.time.Duration;
import java.util.Optional;
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
 */
public record DatabricksSettings(Optional<String> host, Optional<String> httpPath, String catalog, String schema,
                                 boolean insecureHttp, int poolSize, Duration statementTimeout,
                                 Optional<String> lakeLocation) {

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
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1");
        }
    }

    /** {@code `catalog`.`schema`.`table`}. */
    public String table(String name) {
        return "`" + catalog + "`.`" + schema + "`.`" + name + "`";
    }

    public String qualifiedSchema() {
        return "`" + catalog + "`.`" + schema + "`";
    }
}
