package dev.mlops.infra;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * What differs between stages, read from CDK context ({@code cdk synth -c stage=prod -c ephemeral=false}; the
 * {@code ./mlops deploy|synth|destroy} scripts pass them).
 *
 * @param stage               the stage name; the stack is {@code mlops-<stage>}, every resource name starts with it
 * @param ephemeral           tables and bucket are destroyed with the stack (and deletion protection is off)
 * @param auth                how the HTTP API authenticates callers
 * @param alarmEmail          who the alarm topic e-mails, if anyone
 * @param reserveConcurrency  false for accounts whose concurrency quota (new accounts: 10) leaves nothing to reserve
 * @param repositoryRoot      where {@code functions/<module>/target/function.zip} are found
 */
public record StageOptions(String stage, boolean ephemeral, ApiAuth auth, Optional<String> alarmEmail,
                           boolean reserveConcurrency, Path repositoryRoot) {

    /** Short enough that {@code mlops-<stage>-artifacts-<account>-<region>} stays within S3's 63 characters. */
    private static final Pattern STAGE = Pattern.compile("[a-z][a-z0-9-]{0,11}");

    public StageOptions {
        if (!STAGE.matcher(stage).matches()) {
            throw new IllegalArgumentException("A stage name is 1-12 lower-case letters, digits or '-', starting "
                    + "with a letter (it becomes part of bucket and table names): '" + stage + "'");
        }
    }

    /** How the HTTP API authenticates. */
    public sealed interface ApiAuth {
        /** SigV4-signed requests from principals allowed {@code execute-api:Invoke} (the mlflow client signs with
         *  {@code MLFLOW_TRACKING_AWS_SIGV4=true}). */
        record Iam() implements ApiAuth {
        }

        /** Bearer tokens from an OIDC issuer (the mlflow client sends {@code MLFLOW_TRACKING_TOKEN}). */
        record Jwt(String issuer, List<String> audiences) implements ApiAuth {
            public Jwt {
                audiences = List.copyOf(audiences);
                if (!issuer.startsWith("https://") || audiences.isEmpty()) {
                    throw new IllegalArgumentException("a JWT authorizer needs an https:// issuer and an audience");
                }
            }
        }
    }

    /** The defaults: stage {@code dev}, retained data, IAM auth, reserved concurrency, functions built under ... */
    public static StageOptions defaults(String stage, Path repositoryRoot) {
        return new StageOptions(stage, false, new ApiAuth.Iam(), Optional.empty(), true, repositoryRoot);
    }

    /**
     * From context: {@code stage}, {@code ephemeral}, {@code jwtIssuer} with {@code jwtAudience} (comma-separated),
     * {@code alarmEmail}, {@code reserveConcurrency}, {@code repositoryRoot} (default: the parent of the working
     * directory, which is {@code infra-cdk/} when the CDK CLI runs the app).
     */
    public static StageOptions fromContext(Node node) {
        String stage = text(node, "stage").orElse("dev");
        Optional<String> issuer = text(node, "jwtIssuer");
        ApiAuth auth = issuer.<ApiAuth>map(i -> new ApiAuth.Jwt(i, Arrays.stream(text(node, "jwtAudience")
                        .orElseThrow(() -> new IllegalArgumentException("jwtIssuer needs jwtAudience too"))
                        .split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList()))
                .orElse(new ApiAuth.Iam());
        Path root = text(node, "repositoryRoot").map(Path::of)
                .orElse(Path.of("").toAbsolutePath().getParent());
        return new StageOptions(stage, flag(node, "ephemeral", false), auth, text(node, "alarmEmail"),
                flag(node, "reserveConcurrency", true), root.toAbsolutePath().normalize());
    }

    private static Optional<String> text(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
    }

    private static boolean flag(Node node, String key, boolean otherwise) {
        return text(node, key).map(v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("context " + key + " is true or false, got " + v);
        }).orElse(otherwise);
    }
}
