package dev.mlops.core.audit;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.AuditLog;
import dev.mlops.core.port.Page;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * The audit search API's rules: parameters as text in, a page with an opaque token out. Times are epoch
 * milliseconds, an ISO-8601 instant ({@code 2025-01-31T12:00:00Z}) or a date (midnight UTC). The token carries the
 * last entry's sort key and a digest of the filters, so a token cannot be replayed against another search.
 */
public final class AuditSearch {

    public static final int DEFAULT_MAX_RESULTS = 100;
    public static final int MAX_RESULTS = 1000;

    public record Result(List<AuditEntry> entries, String nextPageToken) {
    }

    private final AuditLog log;

    public AuditSearch(AuditLog log) {
        this.log = log;
    }

    public Result search(String actor, String action, String resource, String after, String before,
                         String maxResults, String pageToken) {
        AuditQuery filters = new AuditQuery(blankToNull(actor), blankToNull(action), blankToNull(resource),
                time("after", after), time("before", before), maxResults(maxResults), null);
        String olderThan = pageToken == null || pageToken.isEmpty() ? null : decode(pageToken, filters);
        AuditQuery query = new AuditQuery(filters.actor(), filters.action(), filters.resource(), filters.after(),
                filters.before(), filters.maxResults(), olderThan);
        Page<AuditEntry> page = log.search(query);
        return new Result(page.items(), page.nextPageToken() == null ? null : encode(page.nextPageToken(), query));
    }

    static String encode(String sortKey, AuditQuery query) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (query.fingerprint() + "|" + sortKey).getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String token, AuditQuery query) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("Invalid page token, could not base64-decode", e);
        }
        int bar = text.indexOf('|');
        if (bar < 0 || !text.substring(bar + 1).matches("\\d{13}#[0-9a-f]{1,64}")) {
            throw new InvalidParameterException("Invalid page token for the audit search");
        }
        if (!text.substring(0, bar).equals(query.fingerprint())) {
            throw new InvalidParameterException("The page token belongs to a search with other filters");
        }
        return text.substring(bar + 1);
    }

    private static int maxResults(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_MAX_RESULTS;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1 && value <= MAX_RESULTS) {
                return value;
            }
        } catch (NumberFormatException notNumber) {
            // reported below
        }
        throw new InvalidParameterException("Invalid value " + text + " for parameter 'max_results' supplied. "
                + "It must be an integer between 1 and " + MAX_RESULTS + ".");
    }

    static Long time(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            if (value.matches("\\d{1,15}")) {
                return Long.parseLong(value);
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new InvalidParameterException("Invalid value '" + text + "' for parameter '" + name
                    + "': use epoch milliseconds, an ISO-8601 instant or a date (yyyy-mm-dd).");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
