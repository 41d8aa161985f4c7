package dev.mlops.core.recovery;

import dev.mlops.core.domain.ArtifactPath;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.NotSupportedException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.ArtifactEntry;
import dev.mlops.core.port.ArtifactStore;
import dev.mlops.core.service.ArtifactDigest;
import dev.mlops.core.service.VersionSeeds;
import dev.mlops.core.service.VersionSources;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model version's artifact as verify and recovery see it: where it lies (a part and a path, file or directory) and
 * what it digests to now, by the same rule as at registration ({@link ArtifactDigest}), read through {@link RawState}
 * so the check sees the stored bytes and also covers sources outside the artifact store (S3 ingestion).
 */
public final class VersionArtifacts {

    /** Where a version's files are: a part and a path prefix (a file, or a directory without the trailing "/"). */
    public record Location(String part, String path) {
    }

    /** Current state of the artifact: digest and size when there is something, else empty. */
    public record Current(Optional<ArtifactDigest.Result> digest) {
    }

    private final VersionSources sources;
    private final Locator locator;
    private final RawState raw;

    public VersionArtifacts(VersionSources sources, Locator locator, RawState raw) {
        this.sources = sources;
        this.locator = locator;
        this.raw = raw;
    }

    /** The registered checksum, or empty for versions registered without one (sources outside our stores). */
    public static Optional<String> expected(ModelVersion version) {
        return Optional.ofNullable(version.tags().get(VersionSeeds.SHA256)).filter(s -> !s.isBlank());
    }

    public Optional<Location> locate(ModelVersion version) {
        Optional<ArtifactPath> path;
        try {
            path = sources.artifactPath(version);
        } catch (InvalidParameterException | ResourceNotFoundException notOurs) {
            path = Optional.empty();
        }
        if (path.isPresent()) {
            Locator.Place place = locator.artifact(path.get());
            return Optional.of(new Location(place.part(), trimSlash(place.path())));
        }
        return locator.foreignSource(version.source()).map(p -> new Location(p.part(), trimSlash(p.path())));
    }

    /** What the artifact at the location digests to now; empty when nothing is there. */
    public Optional<ArtifactDigest.Result> digest(Location location) {
        ArtifactPath path;
        try {
            path = ArtifactPath.parse(location.path());
        } catch (InvalidParameterException e) {
            return Optional.empty();
        }
        return ArtifactDigest.of(new RawTree(location.part()), path);
    }

    /** Files of the artifact (one for a file artifact) as paths of the part. */
    public List<String> files(Location location) {
        List<String> files = new ArrayList<>();
        for (RawState.ObjectInfo info : raw.list(location.part(), location.path())) {
            if (info.path().equals(location.path()) || info.path().startsWith(location.path() + "/")) {
                files.add(info.path());
            }
        }
        return files;
    }

    private static String trimSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Part paths as an artifact store, so {@link ArtifactDigest} reads them unchanged. Read-only. */
    private final class RawTree implements ArtifactStore {
        private final String part;

        RawTree(String part) {
            this.part = part;
        }

        @Override
        public InputStream open(ArtifactPath path) {
            return raw.open(part, path.toString()).orElseThrow(() -> new ResourceNotFoundException(
                    "Artifact '" + path + "' does not exist."));
        }

        @Override
        public List<ArtifactEntry> list(ArtifactPath directory) {
            String prefix = directory.isRoot() ? "" : directory + "/";
            Set<String> dirs = new TreeSet<>();
            List<ArtifactEntry> entries = new ArrayList<>();
            for (RawState.ObjectInfo info : raw.list(part, prefix)) {
                if (!info.path().startsWith(prefix)) {
                    continue;
                }
                String rest = info.path().substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash < 0) {
                    entries.add(new ArtifactEntry(rest, false, info.size()));
                } else if (dirs.add(rest.substring(0, slash))) {
                    entries.add(new ArtifactEntry(rest.substring(0, slash), true, null));
                }
            }
            return entries;
        }

        @Override
        public long put(ArtifactPath path, InputStream content, long declaredSize) {
            throw new NotSupportedException("read-only");
        }

        @Override
        public void delete(ArtifactPath path) {
            throw new NotSupportedException("read-only");
        }
    }
}
