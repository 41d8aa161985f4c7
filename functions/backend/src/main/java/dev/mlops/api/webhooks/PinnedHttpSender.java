package dev.mlops.api.webhooks;

import dev.mlops.core.port.WebhookSender;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Webhook POSTs over Apache HttpClient 5 with its DNS resolution pinned: the client asks our resolver, which answers
 * only the addresses the URL policy already checked for this request, so a DNS answer that changes between check
 * and connect (rebinding) cannot steer a delivery to a private address. No proxy (system properties are not read),
 * no redirects, no automatic retries (the delivery decides), no cookies.
 */
public final class PinnedHttpSender implements WebhookSender, AutoCloseable {

    private static final int MAX_BODY = 64 * 1024;
    /** MLflow sends {@code Content-Type: application/json}, without a charset parameter. */
    private static final ContentType JSON = ContentType.create("application/json", (java.nio.charset.Charset) null);

    /** The checked addresses of the request this thread is sending; the classic client resolves in this thread. */
    private final ThreadLocal<Pinned> pinned = new ThreadLocal<>();
    private final CloseableHttpClient client;

    private record Pinned(String host, InetAddress[] addresses) {
    }

    public PinnedHttpSender(Duration timeout) {
        HttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new org.apache.hc.client5.http.DnsResolver() {
                    @Override
                    public InetAddress[] resolve(String host) throws UnknownHostException {
                        Pinned current = pinned.get();
                        if (current == null || !current.host().equalsIgnoreCase(bare(host))) {
                            throw new UnknownHostException(host + " was not checked for this delivery");
                        }
                        return current.addresses().clone();
                    }

                    @Override
                    public String resolveCanonicalHostname(String host) {
                        return host;
                    }
                })
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(timeout)).setSocketTimeout(Timeout.of(timeout)).build())
                .setMaxConnTotal(50).setMaxConnPerRoute(10)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout))
                        .setConnectionRequestTimeout(Timeout.of(timeout)).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    @Override
    public Response post(URI url, InetAddress[] addresses, Map<String, String> headers, byte[] body,
                         Duration timeout) throws IOException {
        HttpPost post = new HttpPost(url);
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                post.setHeader(name, value);
            }
        });
        post.setEntity(new ByteArrayEntity(body, JSON));
        pinned.set(new Pinned(bare(url.getHost()), addresses));
        try {
            return client.execute(post, response -> new Response(response.getCode(), text(response.getEntity()),
                    retryAfter(response.getFirstHeader("Retry-After"))));
        } finally {
            pinned.remove();
        }
    }

    private static String text(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        }
    }

    static Duration retryAfter(Header header) {
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
