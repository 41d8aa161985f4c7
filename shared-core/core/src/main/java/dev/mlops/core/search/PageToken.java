package dev.mlops.core.search;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.port.Page;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opaque offset page tokens: URL-safe base64 (no padding) of {@code {"offset": N}}, the same JSON MLflow's stores
 * encode. Clients must treat them as opaque; only this class reads them.
 */
public final class PageToken {

    private static final Pattern JSON = Pattern.compile("\\{\\s*\"offset\"\\s*:\\s*(\\d{1,18})\\s*}");

    private PageToken() {
    }

    public static String encode(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        byte[] json = ("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    /** The offset a token stands for; a null or empty token is the first page (offset 0). */
    public static long decode(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidParameterException("Invalid page token, could not base64-decode", notBase64);
        }
        Matcher matcher = JSON.matcher(new String(bytes, StandardCharsets.UTF_8));
        if (!matcher.matches()) {
            throw new InvalidParameterException("Invalid page token, could not read an offset from it");
        }
        return Long.parseLong(matcher.group(1));
    }

    /**
     * One page of an already filtered and sorted list. {@code nextPageToken} is null on the last page, so a list of
     * exactly {@code maxResults} items fits one page with no token.
     */
    public static <T> Page<T> page(List<T> sortedAll, int maxResults, String token) {
        if (maxResults < 1) {
            throw new InvalidParameterException("Invalid value " + maxResults + " for parameter 'max_results': "
                    + "it must be a positive integer");
        }
        long offset = decode(token);
        int from = (int) Math.min(offset, sortedAll.size());
        int to = (int) Math.min((long) from + maxResults, sortedAll.size());
        String next = to < sortedAll.size() ? encode(to) : null;
        return new Page<>(sortedAll.subList(from, to), next);
    }
}
