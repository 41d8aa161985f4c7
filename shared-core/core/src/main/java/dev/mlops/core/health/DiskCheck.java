package dev.mlops.core.health;

import dev.mlops.core.local.DiskSpace;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * disk, local backend: the data directory's volume against percent-used thresholds (defaults 90% and 95%). A volume
 * whose free space is below the write reserve is down whatever its percentage: writes are refused there.
 */
public final class DiskCheck implements ReadinessCheck {

    private final DiskSpace space;
    private final Thresholds used;

    public DiskCheck(DiskSpace space, Thresholds used) {
        this.space = space;
        this.used = used;
    }

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public CheckResult check() {
        DiskSpace.Usage usage;
        try {
            usage = space.usage();
        } catch (IOException e) {
            return new CheckResult(name(), HealthLevel.DOWN, "cannot read the volume's free space: "
                    + e.getMessage(), Map.of("path", space.dir().toString()));
        }
        double fraction = usage.usedFraction();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("path", space.dir().toString());
        data.put("total_bytes", usage.totalBytes());
        data.put("free_bytes", usage.usableBytes());
        data.put("used_percent", Percent.of(fraction));
        data.put("warning_percent", Percent.of(used.warning()));
        data.put("critical_percent", Percent.of(used.critical()));
        data.put("reserve_bytes", space.reserveBytes());
        String summary = "%s%% of the volume is used, %d bytes free".formatted(Percent.text(fraction),
                usage.usableBytes());
        if (usage.usableBytes() < space.reserveBytes()) {
            return new CheckResult(name(), HealthLevel.DOWN, summary + ", below the " + space.reserveBytes()
                    + "-byte reserve: writes are refused", data);
        }
        HealthLevel level = used.level(fraction);
        return new CheckResult(name(), level, Percent.judged(summary, level, used), data);
    }
}
