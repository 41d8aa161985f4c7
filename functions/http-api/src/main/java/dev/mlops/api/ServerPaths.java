package dev.mlops.api;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's own directories, which no answer may reveal: the local data directory and the working directory.
 * Error messages are built to name artifacts by their relative paths; this is the safety net for a message that
 * still carries an absolute one (an I/O error from the operating system, say), which becomes
 * {@code <data-dir>/...} or {@code <server-dir>/...}.
 */
@Singleton
public class ServerPaths {

    private final List<Map.Entry<String, String>> replacements;

    @Inject
    public ServerPaths(BackendConfig config) {
        this(Path.of(config.dataDir()), Path.of(System.getProperty("user.dir", "")));
    }

    ServerPaths(Path dataDir, Path workingDir) {
        Map<String, String> byPrefix = new LinkedHashMap<>();
        add(byPrefix, dataDir, "<data-dir>");
        add(byPrefix, workingDir, "<server-dir>");
        List<Map.Entry<String, String>> sorted = new ArrayList<>(byPrefix.entrySet());
        sorted.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        this.replacements = List.copyOf(sorted);
    }

    /** The message with every server directory replaced by its placeholder. */
    public String scrub(String message) {
        if (message == null) {
            return null;
        }
        String text = message;
        for (Map.Entry<String, String> r : replacements) {
            text = text.replace(r.getKey(), r.getValue());
        }
        return text;
    }

    private static void add(Map<String, String> byPrefix, Path dir, String placeholder) {
        if (dir == null || dir.toString().isEmpty()) {
            return;
        }
        Path absolute = dir.toAbsolutePath().normalize();
        if (absolute.getNameCount() == 0) {
            return; // the file system root names nothing in particular
        }
        String text = absolute.toString();
        byPrefix.putIfAbsent(text, placeholder);
        byPrefix.putIfAbsent(absolute.toUri().toString().replaceAll("/$", ""), placeholder);
        try {
            Path real = absolute.toRealPath();
            byPrefix.putIfAbsent(real.toString(), placeholder);
        } catch (java.io.IOException | SecurityException missing) {
            // not created yet: the absolute form is all there is
        }
    }
}
