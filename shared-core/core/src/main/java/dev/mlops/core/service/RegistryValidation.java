package dev.mlops.core.service;

import dev.mlops.core.error.InvalidParameterException;
import java.util.Locale;
import java.util.regex.Pattern;

/** MLflow's registry input rules (mlflow/utils/validation.py and the registry stores), with MLflow's messages. */
public final class RegistryValidation {

    public static final int MAX_TAG_VALUE_LENGTH = 5000;
    public static final int MAX_ALIAS_LENGTH = 255;
    /** Tags under this prefix are the registry's own seed metadata; users cannot set or delete them. */
    public static final String RESERVED_PREFIX = "mlops.";

    private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern VERSION_ALIAS = Pattern.compile("^[vV]\\d+$");

    private RegistryValidation() {
    }

    /**
     * MLflow's registered model name rules (mlflow.utils.validation._validate_model_name): not blank, no {@code /}
     * or {@code :}, and not a name that a path would read differently ({@code .}, {@code ..}, {@code ..x}). Also
     * refused, as MLflow's file store did: {@code \} and {@code %}, which break {@code models:/} URIs.
     */
    public static String modelName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidParameterException("Missing value for required parameter 'name'.");
        }
        if (name.contains("/") || name.contains(":")) {
            throw new InvalidParameterException("Invalid model name '" + name + "'. Names cannot contain '/' or "
                    + "':'.");
        }
        if (name.equals(".") || name.startsWith("..")) {
            throw new InvalidParameterException(Validation.invalidValue("name", name, "Names may be treated as files "
                    + "in certain cases, and must not resolve to other names when treated as such. This name would "
                    + "resolve to '" + name + "'"));
        }
        if (name.contains("\\") || name.contains("%")) {
            throw new InvalidParameterException("Invalid model name '" + name + "'. Names cannot contain '\\' "
                    + "or '%'.");
        }
        return name;
    }

    public static int version(String version) {
        Validation.required("version", version);
        try {
            int number = Integer.parseInt(version.strip());
            if (number < 1) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("Parameter 'version' must be an integer, got '" + version + "'.");
        }
    }

    public static String alias(String alias) {
        if (alias == null || alias.isEmpty()) {
            throw new InvalidParameterException("Registered model alias name cannot be empty.");
        }
        if (!ALIAS.matcher(alias).matches()) {
            throw new InvalidParameterException("Invalid alias name: '" + alias
                    + "'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
        }
        if (alias.length() > MAX_ALIAS_LENGTH) {
            throw new InvalidParameterException("Registered model alias name '" + alias.substring(0, 250)
                    + "' had length " + alias.length() + ", which exceeded length limit of " + MAX_ALIAS_LENGTH);
        }
        if (alias.toLowerCase(Locale.ROOT).equals("latest")) {
            throw new InvalidParameterException("'latest' alias name (case insensitive) is reserved.");
        }
        if (VERSION_ALIAS.matcher(alias).matches()) {
            throw new InvalidParameterException("Version alias name '" + alias + "' is reserved.");
        }
        return alias;
    }

    /** A user-supplied tag on a model ({@code entity} "Registered model") or version ("Model version"). */
    public static String userTag(String entity, String key, String value) {
        userTagKey(key);
        String text = value == null ? "" : value;
        if (text.length() > MAX_TAG_VALUE_LENGTH) {
            throw new InvalidParameterException(entity + " value '" + text.substring(0, 250) + "' had length "
                    + text.length() + ", which exceeded length limit of " + MAX_TAG_VALUE_LENGTH);
        }
        return text;
    }

    public static String userTagKey(String key) {
        Validation.key("tag", key);
        if (isReserved(key)) {
            throw new InvalidParameterException("Tag key '" + key + "' is reserved: tags under '" + RESERVED_PREFIX
                    + "' are set by the registry and cannot be set or deleted by users.");
        }
        return key;
    }

    public static boolean isReserved(String key) {
        return key.startsWith(RESERVED_PREFIX);
    }
}
