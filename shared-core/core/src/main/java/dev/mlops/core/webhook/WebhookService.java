package dev.mlops.core.webhook;

import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.ResourceNotFoundException;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.WebhookStore;
import dev.mlops.core.search.PageToken;
import dev.mlops.core.service.Validation;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * MLflow's webhook API rules (the model registry store's create/get/list/update/delete and the server's test), with
 * MLflow's messages. The secret is sealed before it reaches the store and no view returns it.
 */
public final class WebhookService {

    /** MLflow's _WEBHOOK_NAME_REGEX. */
    private static final Pattern NAME = Pattern.compile("^(?=.{1,63}$)[a-z0-9]([a-z0-9._-]*[a-z0-9])?$",
            Pattern.CASE_INSENSITIVE);
    private static final int LIST_DEFAULT = 100;
    private static final int LIST_MAX = 1000;

    /** Fields of an update; null leaves a field as it is (an empty secret removes the secret). */
    public record Changes(String name, String description, String url, List<WebhookEvent> events, String secret,
                          Webhook.Status status) {
    }

    public record TestResult(boolean success, Integer responseStatus, String responseBody, String errorMessage) {
    }

    private final WebhookStore store;
    private final UrlPolicy urls;
    private final SecretCipher cipher;
    private final WebhookDelivery delivery;
    private final InstantSource clock;

    public WebhookService(WebhookStore store, UrlPolicy urls, SecretCipher cipher, WebhookDelivery delivery,
                          InstantSource clock) {
        this.store = store;
        this.urls = urls;
        this.cipher = cipher;
        this.delivery = delivery;
        this.clock = clock;
    }

    public Webhook create(String name, String url, List<WebhookEvent> events, String description, String secret,
                          Webhook.Status status) {
        Validation.required("name", name);
        Validation.required("url", url);
        name(name);
        urls.check(url);
        events(events);
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        return store.create(new Webhook(id, name, emptyToNull(description), url, events, status, now, now,
                seal(id, secret)));
    }

    public Webhook get(String id) {
        return store.get(id).orElseThrow(() -> notFound(id));
    }

    public Page<Webhook> list(Integer maxResults, String pageToken) {
        int max = maxResults == null || maxResults == 0 ? LIST_DEFAULT : maxResults;
        if (max < 1 || max > LIST_MAX) {
            throw new InvalidParameterException("max_results must be between 1 and 1000.");
        }
        return PageToken.page(store.list(), max, pageToken);
    }

    public Webhook update(String id, Changes changes) {
        Webhook current = get(id);
        String name = changes.name() == null || changes.name().isEmpty() ? current.name() : name(changes.name());
        String url = current.url();
        if (changes.url() != null && !changes.url().isEmpty()) {
            urls.check(changes.url());
            url = changes.url();
        }
        List<WebhookEvent> events = current.events();
        if (changes.events() != null && !changes.events().isEmpty()) {
            events = events(changes.events());
        }
        String description = changes.description() == null ? current.description() : changes.description();
        String sealed = changes.secret() == null ? current.encryptedSecret() : seal(id, changes.secret());
        Webhook.Status status = changes.status() == null ? current.status() : changes.status();
        long now = Math.max(clock.millis(), current.lastUpdatedTimestamp() + 1);
        return store.update(new Webhook(id, name, description, url, events, status, current.creationTimestamp(),
                now, sealed));
    }

    public void delete(String id) {
        get(id);
        store.delete(id);
    }

    /** Sends MLflow's example payload for {@code event} (default: the webhook's first event) and reports the answer. */
    public TestResult test(String id, WebhookEvent event) {
        Webhook webhook = get(id);
        WebhookEvent chosen = event != null ? event : webhook.events().getFirst();
        WebhookDelivery.Outcome outcome = delivery.deliver(webhook, WebhookNotice.example(chosen));
        if (outcome.status() == null) {
            return new TestResult(false, null, null, "Failed to test webhook: " + outcome.error());
        }
        return new TestResult(outcome.success(), outcome.status(), outcome.body(), null);
    }

    private String seal(String id, String secret) {
        return secret == null || secret.isEmpty() ? null : cipher.seal(id, secret);
    }

    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidParameterException("Webhook name " + UrlPolicy.repr(name) + " is invalid. It must start "
                    + "and end with a letter or digit, be less than 63 characters long, and contain only letters, "
                    + "digits, dots (.), underscores (_), and hyphens (-).");
        }
        return name;
    }

    private static List<WebhookEvent> events(List<WebhookEvent> events) {
        if (events == null || events.isEmpty()) {
            throw new InvalidParameterException(
                    "Webhook events must be a non-empty list of WebhookEvent objects: [].");
        }
        return events.stream().distinct().toList();
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("Webhook with ID " + id + " not found.");
    }
}
