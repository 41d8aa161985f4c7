package dev.mlops.aws.events;

import java.time.Instant;

/**
 * One event that did not reach the bus, for health checks. Names the event and the error, never its detail.
 * {@code errorCode} is EventBridge's (per entry or per request) or a local one: EntryTooLarge, BufferFull, Internal.
 */
public record PublishFailure(Instant at, String detailType, String resourceId, String errorCode, String message,
                             int attempts) {
}
