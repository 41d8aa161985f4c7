package dev.mlops.core.port;

import dev.mlops.core.domain.ArtifactPath;
import java.io.InputStream;
import java.util.List;

/** Artifact bytes under one root. Paths are validated {@link ArtifactPath}s, so no store sees a traversal. */
public interface ArtifactStore {

    /** Stores the stream's bytes at the path, replacing any previous file; returns the byte count. */
    long put(ArtifactPath path, InputStream content, long declaredSize);

    /** Opens a file for reading; throws ResourceNotFoundException when there is none. */
    InputStream open(ArtifactPath path);

    /** Lists the direct children of a directory; an absent directory lists as empty. */
    List<ArtifactEntry> list(ArtifactPath directory);

    /** Deletes a file or a directory tree; deleting nothing is not an error. */
    void delete(ArtifactPath path);
}
