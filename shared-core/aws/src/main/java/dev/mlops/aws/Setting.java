package dev.mlops.aws;

import java.util.Locale;

/**
 * The configuration properties that carry {@link ResourceNames} into a function, and the environment variables the
 * CDK stack sets for them. Quarkus (SmallRye Config) reads {@code mlops.aws.prefix} from {@code MLOPS_AWS_PREFIX}:
 * every character that is not a letter or digit becomes {@code _}, letters go upper case; {@link #envVar()} applies
 * the same rule, so the stack can only set names the functions read (infra-cdk's {@code StackSettingsTest} checks
 * this against the configuration interfaces inside each built function.zip).
 */
public enum Setting {

    /** Prefix of the tables, bus and default bucket ({@link ResourceNames#prefix()}). */
    PREFIX("mlops.aws.prefix", true),
    /** The artifact and lake bucket; a deployed stage's name is not derivable from the prefix alone. */
    BUCKET("mlops.aws.bucket", true),
    /** The region of the tables, bucket and bus; the functions' own default is us-east-1. */
    REGION("mlops.aws.region", true),
    /** The key prefix the ingestion function accepts; the stack's S3 notification filter uses the same value. */
    INGESTION_PREFIX("mlops.ingestion.prefix", true),
    /**
     * The Databricks credentials secret ({@link ResourceNames#databricksSecret()}), for functions that run the
     * Databricks backend; a function that merely carries that backend's configuration does not need it.
     */
    DATABRICKS_SECRET_ID("mlops.databricks.secret-id", false),
    /**
     * The secret whose value seals MLflow webhook secrets ({@link ResourceNames#webhookKeySecret()}), for functions
     * that read or deliver webhooks; the functions derive the same name from the prefix when it is not set.
     */
    WEBHOOK_KEY_SECRET_ID("mlops.webhooks.key-secret-id", false);

    private final String property;
    private final boolean neededWhenRead;

    Setting(String property, boolean neededWhenRead) {
        this.property = property;
        this.neededWhenRead = neededWhenRead;
    }

    public String property() {
        return property;
    }

    /** True when every function whose configuration reads this property must get it from the stack. */
    public boolean neededWhenRead() {
        return neededWhenRead;
    }

    /** The environment variable SmallRye Config maps onto {@link #property()}. */
    public String envVar() {
        return envVarOf(property);
    }

    /** SmallRye Config's environment name of a property: non-alphanumerics become {@code _}, then upper case. */
    public static String envVarOf(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
