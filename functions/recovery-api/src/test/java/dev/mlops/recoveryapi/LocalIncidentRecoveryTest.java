package dev.mlops.recoveryapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The incident suite on the local backend: files under a data directory, a file:// lake. */
class LocalIncidentRecoveryTest extends IncidentRecoveryContract {

    @TempDir
    static Path dir;
    static RecoveryFixture fixture;

    @BeforeAll
    static void seed() {
        fixture = RecoveryFixture.local(dir).seed();
    }

    @AfterAll
    static void close() throws Exception {
        fixture.close();
    }

    @Override
    RecoveryFixture fixture() {
        return fixture;
    }

    @Override
    void deleteByHand(String partPath) {
        try {
            Files.delete(dir.resolve(partPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In place, as an editor or {@code dd} would: the inode stays. */
    @Override
    void overwriteByHand(String partPath, byte[] bytes) {
        try {
            Files.write(dir.resolve(partPath), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
