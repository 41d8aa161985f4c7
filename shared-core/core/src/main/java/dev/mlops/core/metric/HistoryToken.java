package dev.mlops.core.metric;

import dev.mlops.core.domain.MetricPoint;
import dev.mlops.core.error.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * get-history page tokens: the position of the last point returned (step, timestamp, exact value bits), so the next
 * page starts right after it without counting through the earlier pages. Opaque to clients, URL-safe base64 JSON.
 */
public final class HistoryToken {

    private static final Pattern JSON = Pattern.compile(
            "\\{\"step\":(-?\\d{1,19}),\"timestamp\":(-?\\d{1,19}),\"value_bits\":(-?\\d{1,19})}");

    private HistoryToken() {
    }

    public static String after(MetricPoint last) {
        String json = "{\"step\":" + last.step() + ",\"timestamp\":" + last.timestamp() + ",\"value_bits\":"
                + Double.doubleToLongBits(last.value()) + "}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token names, as a point of {@code key}; null for no token (the first page). */
    public static MetricPoint decode(String token, String key) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String json;
        try {
            json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidParameterException("Invalid page token, could not base64-decode", notBase64);
        }
        Matcher m = JSON.matcher(json);
        if (!m.matches()) {
            throw new InvalidParameterException("Invalid page token for get-history");
        }
        try {
            return new MetricPoint(key, Double.longBitsToDouble(Long.parseLong(m.group(3))),
                    Long.parseLong(m.group(2)), Long.parseLong(m.group(1)));
        } catch (NumberFormatException outOfRange) {
            throw new InvalidParameterException("Invalid page token for get-history", outOfRange);
        }
    }
}
