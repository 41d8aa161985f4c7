package dev.mlops.core.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** storage, local backend: the data directory takes a small write (a probe file, written, synced and removed). */
public final class DataDirCheck implements ReadinessCheck {

    private final Path dataDir;

    public DataDirCheck(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public CheckResult check() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("backend", "local");
        data.put("data_dir", dataDir.toString());
        Path probe = dataDir.resolve(".health-probe-" + ProcessHandle.current().pid());
        try {
            Files.write(probe, new byte[] {1}, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.delete(probe);
        } catch (IOException e) {
            data.put("writable", false);
            return new CheckResult(name(), HealthLevel.DOWN, "the data directory is not writable: "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), data);
        }
        data.put("writable", true);
        return new CheckResult(name(), HealthLevel.UP, "the data directory is writable", data);
    }
}
