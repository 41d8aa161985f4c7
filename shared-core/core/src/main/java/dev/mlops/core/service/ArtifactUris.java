package dev.mlops.core.service;

import dev.mlops.core.error.InvalidParameterException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MLflow 3.17's rules for artifact URIs that clients hand the server (experiment artifact locations, model version
 * sources), from mlflow/server/handlers.py, mlflow/utils/uri.py and mlflow/store/artifact/host_policy.py:
 * <ul>
 *   <li>URIs whose scheme makes the server connect to the host they name ({@code http}, {@code https},
 *   {@code ftp}, {@code sftp}, {@code hdfs}, {@code viewfs}, {@code mlflow-artifacts://host}, {@code r2},
 *   {@code b2}, {@code abfss}) are refused unless the operator allows the scheme
 *   ({@code mlops.allowed-host-addressed-schemes}, MLflow's MLFLOW_ALLOWED_HOST_ADDRESSED_ARTIFACT_SCHEMES);</li>
 *   <li>a URI with no scheme or {@code file:} is local, and a relative local location is resolved against the
 *   server's working directory;</li>
 *   <li>a non-local source must not step out of its path ({@code ..}, {@code %2e%2e}, NUL, a relative path).</li>
 * </ul>
 */
public final class ArtifactUris {

    public static final ArtifactUris DEFAULT = new ArtifactUris(Set.of(), Path.of("").toAbsolutePath());

    private static final Set<String> HOST_ADDRESSED = Set.of("ftp", "sftp", "hdfs", "viewfs", "http", "https",
            "mlflow-artifacts", "r2", "b2", "abfss");
    /** MLflow's MLFLOW_ARTIFACT_LOCATION_MAX_LENGTH default. */
    static final int MAX_LOCATION_LENGTH = 2048;

    private final Set<String> allowedSchemes;
    private final Path workingDir;

    /**
     * @param allowedSchemes host-addressed schemes the operator allows anyway (lower case)
     * @param workingDir     what relative local locations resolve against: the server's working directory
     */
    public ArtifactUris(Set<String> allowedSchemes, Path workingDir) {
        this.allowedSchemes = allowedSchemes.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(
                s -> !s.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    /** Parses {@code mlops.allowed-host-addressed-schemes}: comma-separated scheme names. */
    public static Set<String> schemes(String commaSeparated) {
        return commaSeparated == null ? Set.of()
                : Set.copyOf(Arrays.asList(commaSeparated.split(",")));
    }

    /**
     * An experiment's {@code artifact_location} as MLflow's server takes it: checked, then resolved when local and
     * relative. Returns null for a blank location (the backend's default applies).
     */
    public String experimentLocation(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        UriParts parts = UriParts.parse(location);
        if (!parts.fragment().isEmpty() || !parts.params().isEmpty()) {
            throw new InvalidParameterException("'artifact_location' URL can't include fragments or params.");
        }
        if (UriParts.unquoteFully(parts.query(), false).contains("..")) {
            throw new InvalidParameterException("Invalid query string");
        }
        checkHost(location, "artifact_location");
        if (location.startsWith("runs:")) {
            throw new InvalidParameterException(
                    "Artifact location cannot be a runs:/ URI. Given: '" + location + "'");
        }
        if (location.length() > MAX_LOCATION_LENGTH) {
            throw new InvalidParameterException("Invalid artifact path length. The length of the artifact path "
                    + "cannot be greater than " + MAX_LOCATION_LENGTH + " characters.");
        }
        return resolveIfLocal(location);
    }

    /** A relative local path or {@code file:} URI made absolute against the working directory; others as given. */
    String resolveIfLocal(String uri) {
        if (!isLocal(uri)) {
            return uri;
        }
        UriParts parts = UriParts.parse(uri);
        String path = parts.scheme().equals("file") ? UriParts.unquote(parts.path()) : uri;
        if (path.startsWith("/")) {
            return uri;
        }
        String absolute = workingDir.resolve(path).toString();
        if (parts.scheme().isEmpty()) {
            return absolute;
        }
        StringBuilder out = new StringBuilder(parts.scheme()).append("://").append(absolute);
        if (!parts.query().isEmpty()) {
            out.append('?').append(parts.query());
        }
        return out.toString();
    }

    /**
     * MLflow's {@code is_local_uri}: no scheme, or {@code file:} on this host. A {@code file:} URI naming another
     * host is refused, in MLflow's words.
     */
    static boolean isLocal(String uri) {
        UriParts parts = UriParts.parse(uri);
        if (parts.scheme().isEmpty()) {
            return true;
        }
        String host = parts.hostname();
        boolean remoteHost = !host.isEmpty() && !host.equals(".") && !host.startsWith("localhost")
                && !host.startsWith("127.0.0.1");
        if (parts.scheme().equals("file")) {
            if (remoteHost) {
                throw new InvalidParameterException(uri + " is not a valid remote uri. For remote access on "
                        + "windows, please consider using a different scheme such as SMB (e.g. "
                        + "smb://<hostname>/<path>).");
            }
            return true;
        }
        return false;
    }

    /** Refuses a URI whose scheme would make the server connect to the host it names. */
    void checkHost(String uri, String field) {
        UriParts parts = UriParts.parse(uri);
        String scheme = parts.scheme();
        if (!HOST_ADDRESSED.contains(scheme) || allowedSchemes.contains(scheme)) {
            return;
        }
        if (scheme.equals("mlflow-artifacts") && parts.netloc().isEmpty()) {
            return; // mlflow-artifacts:/path resolves against this server
        }
        throw new InvalidParameterException("'" + field + "' cannot use the '" + scheme + "' scheme: the '" + scheme
                + "' scheme addresses a host other than the tracking server's configured artifact storage, so the "
                + "server would connect to the host named in the URI. Set mlops.allowed-host-addressed-schemes "
                + "(MLflow: MLFLOW_ALLOWED_HOST_ADDRESSED_ARTIFACT_SCHEMES) on the server to allow it.");
    }

    /**
     * MLflow's {@code _validate_non_local_source_contains_relative_paths}: after decoding, the path must be an
     * absolute, normalised path with no {@code ..} segment and no NUL. Decided lexically: unlike MLflow, the
     * server's own file system (its symbolic links, its working directory) plays no part.
     */
    static boolean hasRelativeReferences(String source) {
        String decoded = UriParts.unquoteFully(source, true);
        String path = UriParts.parse(decoded).path().replaceAll("/+$", "").replaceAll("/+", "/");
        if (path.contains("\u0000") || Arrays.asList(decoded.split("/", -1)).contains("..")) {
            return true;
        }
        if (!path.startsWith("/")) {
            return true;
        }
        return !PosixPaths.normalize(path).equals(path);
    }

    /** MLflow's {@code _is_mlflow_artifact_source}: {@code mlflow-artifacts:} or the proxied artifact route. */
    static boolean isProxiedArtifactSource(String source) {
        UriParts parts = UriParts.parse(source);
        if (parts.scheme().equals("mlflow-artifacts")) {
            return true;
        }
        List<String> segments = segments(parts.path());
        List<String> route = List.of("api", "2.0", "mlflow-artifacts", "artifacts");
        if (!parts.scheme().equals("http") && !parts.scheme().equals("https")) {
            return false;
        }
        for (int i = 0; i + route.size() <= segments.size(); i++) {
            if (segments.subList(i, i + route.size()).equals(route)) {
                return true;
            }
        }
        return false;
    }

    /** MLflow's {@code _is_uri_within_root}: same scheme and authority, and the root's path segments as prefix. */
    static boolean isWithinRoot(String source, String root) {
        if (root == null) {
            return false;
        }
        UriParts s = UriParts.parse(source);
        UriParts r = UriParts.parse(root);
        List<String> sourceParts = segments(s.path());
        List<String> rootParts = segments(r.path());
        return s.scheme().equals(r.scheme()) && s.netloc().equalsIgnoreCase(r.netloc()) && !rootParts.isEmpty()
                && sourceParts.size() >= rootParts.size()
                && sourceParts.subList(0, rootParts.size()).equals(rootParts);
    }

    /** A local path or {@code file:} URI, normalised, for containment checks. */
    static String localPath(String uri) {
        UriParts parts = UriParts.parse(uri);
        String path = parts.scheme().equals("file") ? UriParts.unquote(parts.path()) : uri;
        return PosixPaths.normalize(path);
    }

    private static List<String> segments(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(UriParts.unquoteFully(part, false));
            }
        }
        return parts;
    }
}
