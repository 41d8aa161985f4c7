package dev.mlops.core.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.error.StorageFailureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A part's entries as stored: JSON lines sorted by path. The encoding is canonical (fixed field order, no optional
 * nulls), so equal states give equal bytes and the document's SHA-256 is the part's digest.
 */
public final class PartDocument {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private PartDocument() {
    }

    /** Sorts a copy of the entries and encodes them; duplicate paths are a provider bug and refused. */
    public static byte[] encode(List<PartEntry> entries) {
        List<PartEntry> sorted = new ArrayList<>(entries);
        sorted.sort(PartEntry.BY_PATH);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, sorted.size() * 128));
        String previous = null;
        try {
            for (PartEntry entry : sorted) {
                if (entry.path().equals(previous)) {
                    throw new IllegalStateException("two entries for " + entry.path());
                }
                previous = entry.path();
                out.write(JSON.writeValueAsBytes(entry));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new StorageFailureException("Cannot encode a snapshot part: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    public static List<PartEntry> decode(byte[] document) {
        List<PartEntry> entries = new ArrayList<>();
        String text = new String(document, StandardCharsets.UTF_8);
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start) {
                try {
                    entries.add(JSON.readValue(text.substring(start, end), PartEntry.class));
                } catch (JsonProcessingException e) {
                    throw new StorageFailureException("A snapshot part document is damaged: " + e.getOriginalMessage(),
                            e);
                }
            }
            start = end + 1;
        }
        return entries;
    }

    /** The digest a manifest records for these entries. */
    public static String digest(List<PartEntry> entries) {
        return Digests.sha256Hex(encode(entries));
    }
}
