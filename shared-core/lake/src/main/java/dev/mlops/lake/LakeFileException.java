package dev.mlops.lake;

import org.apache.hadoop.fs.Path;

/** A lake file could not be read: truncated, corrupt, not Parquet, or not the run asked for. Names the file. */
public final class LakeFileException extends RuntimeException {

    private final transient Path file;

    public LakeFileException(Path file, Throwable cause) {
        super("cannot read lake file " + file + ": " + cause.getMessage(), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
