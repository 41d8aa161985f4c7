package dev.mlops.core.ingest;

import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.error.MlopsException;
import dev.mlops.core.ingest.IngestionOutcome.Accepted;
import dev.mlops.core.ingest.IngestionOutcome.Failed;
import dev.mlops.core.ingest.IngestionOutcome.Skipped;
import dev.mlops.core.port.DomainEvent.ArtifactIngested;
import dev.mlops.core.port.DomainEvent.IngestionFailed;
import dev.mlops.core.port.EventPublisher;
import dev.mlops.core.port.NewModelVersion;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns S3 ObjectCreated records for {@code <prefix><model-name>/<file>} into model versions: checks the key, reads
 * the object's facts and optional sidecar, hashes the bytes, and registers the version under an idempotency key
 * naming the exact object ({@code s3://bucket/key#versionId}, or {@code #etag} when unversioned), so a redelivered
 * event yields the same version. One record's failure never stops the rest; every failure is announced as
 * IngestionFailed, every success as ArtifactIngested, and the events are flushed before returning.
 */
public final class ArtifactIngestion {

    private static final Logger LOG = Logger.getLogger(ArtifactIngestion.class);
    private static final String OBJECT_CREATED = "ObjectCreated:";

    private final ModelRegistrar registrar;
    private final ObjectReader objects;
    private final EventPublisher events;
    private final IngestionSettings settings;
    private final InstantSource clock;

    public ArtifactIngestion(ModelRegistrar registrar, ObjectReader objects, EventPublisher events,
                             IngestionSettings settings, InstantSource clock) {
        this.registrar = registrar;
        this.objects = objects;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    public IngestionReport ingest(List<ObjectCreated> records) {
        List<IngestionOutcome> outcomes = new ArrayList<>(records.size());
        try {
            for (ObjectCreated record : records) {
                IngestionOutcome outcome = ingestOne(record);
                outcomes.add(outcome);
                announce(outcome);
            }
        } finally {
            events.flush();
        }
        return new IngestionReport(outcomes);
    }

    private IngestionOutcome ingestOne(ObjectCreated record) {
        String bucket = record.bucket();
        String key = record.eventKey();
        try {
            if (record.eventName() == null || !record.eventName().startsWith(OBJECT_CREATED)) {
                return new Skipped(bucket, key, "event '" + record.eventName() + "' is not an ObjectCreated event");
            }
            if (bucket == null || bucket.isBlank()) {
                throw new InvalidParameterException("The event record names no bucket.");
            }
            key = IngestionKey.decodeEventKey(record.eventKey());
            if (key.endsWith("/")) {
                return new Skipped(bucket, key, "folder marker, not a file");
            }
            IngestionKey parsed = IngestionKey.parse(key, settings.prefix());
            if (parsed.sidecar()) {
                return new Skipped(bucket, key, "metadata sidecar; it is read with its model file");
            }
            checkSize(key, record.size());
            return register(record, parsed);
        } catch (InvalidParameterException e) {
            return new Failed(bucket, key, e.getMessage(), false);
        } catch (MlopsException e) {
            return new Failed(bucket, key, e.code() + ": " + e.getMessage(), true);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Unexpected failure ingesting s3://%s/%s", bucket, key);
            return new Failed(bucket, key, "unexpected " + e.getClass().getSimpleName(), true);
        }
    }

    private IngestionOutcome register(ObjectCreated record, IngestionKey parsed) {
        String bucket = record.bucket();
        String key = parsed.key();
        String eventVersion = versionIdOf(record.versionId());
        Optional<ObjectFacts> head = objects.head(bucket, key, eventVersion);
        if (head.isEmpty()) {
            throw new InvalidParameterException("Object s3://" + bucket + "/" + key
                    + (eventVersion == null ? "" : " version " + eventVersion) + " no longer exists.");
        }
        ObjectFacts facts = normalized(head.get());
        if (eventVersion == null && record.eTag() != null && !unquoted(record.eTag()).equals(facts.eTag())) {
            return new Skipped(bucket, key, "overwritten since this event; the newer upload has its own event");
        }
        checkSize(key, facts.size());
        Sidecar sidecar = sidecarOf(bucket, key);
        Optional<String> sha256 = objects.sha256(facts);
        if (sha256.isEmpty()) {
            return new Skipped(bucket, key, "changed or removed while it was read; a newer event covers it");
        }
        long now = clock.millis();
        registrar.ensureModel(parsed.modelName(), now);
        ModelVersion version = registrar.register(new NewModelVersion(parsed.modelName(), "s3://" + bucket + "/" + key,
                sidecar.runId(), null, sidecar.description(), record.principalId(),
                SeedTags.of(parsed, facts, sha256.get(), sidecar), null, VersionStatus.READY, null, now,
                idempotencyKey(facts), now + settings.idempotencyWindow().toMillis()));
        return new Accepted(bucket, key, facts.versionId(), version.name(), version.version(), sha256.get(),
                facts.size());
    }

    /** Names the exact bytes: the version id when the bucket keeps versions, else the ETag (content-derived). */
    static String idempotencyKey(ObjectFacts facts) {
        String object = "s3://" + facts.bucket() + "/" + facts.key();
        return facts.versionId() != null ? object + "#" + facts.versionId() : object + "#" + facts.eTag();
    }

    private Sidecar sidecarOf(String bucket, String key) {
        String sidecarKey = IngestionKey.sidecarKeyFor(key);
        return objects.readSmall(bucket, sidecarKey, Sidecar.MAX_BYTES)
                .map(content -> Sidecar.parse(sidecarKey, content))
                .orElse(Sidecar.NONE);
    }

    private void checkSize(String key, long size) {
        if (size > settings.maxObjectBytes()) {
            throw new InvalidParameterException("Object '" + key + "' is " + size + " bytes; ingestion accepts at most "
                    + settings.maxObjectBytes() + ".");
        }
    }

    private void announce(IngestionOutcome outcome) {
        long now = clock.millis();
        switch (outcome) {
            case Accepted a -> {
                LOG.infof("Ingested s3://%s/%s as %s version %d", a.bucket(), a.key(), a.name(), a.version());
                events.publish(new ArtifactIngested(a.bucket(), a.key(), a.objectVersion(), a.name(), a.version(),
                        a.sha256(), a.size(), now));
            }
            case Skipped s -> LOG.infof("Skipped s3://%s/%s: %s", s.bucket(), s.key(), s.reason());
            case Failed f -> {
                LOG.warnf("Refused s3://%s/%s%s: %s", f.bucket(), f.key(), f.retryable() ? " (retryable)" : "",
                        f.reason());
                events.publish(new IngestionFailed(f.bucket(), f.key(), f.reason(), now));
            }
        }
    }

    /** Suspended-versioning buckets report the literal "null": such objects are overwritten in place. */
    private static String versionIdOf(String versionId) {
        return versionId == null || versionId.isEmpty() || "null".equals(versionId) ? null : versionId;
    }

    private static ObjectFacts normalized(ObjectFacts facts) {
        return new ObjectFacts(facts.bucket(), facts.key(), versionIdOf(facts.versionId()),
                facts.eTag() == null ? null : unquoted(facts.eTag()), facts.size());
    }

    private static String unquoted(String eTag) {
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
