package dev.mlops.core.error;

/**
 * A write timed out after it was sent: it may or may not have happened. Kept apart from a plain failure so callers
 * can tell them apart; answered 503 so the client retries, and idempotent writes make the retry converge.
 */
public final class OutcomeUnknownException extends MlopsException {

    public OutcomeUnknownException(String message, Throwable cause) {
        super(ErrorCode.TEMPORARILY_UNAVAILABLE, message, cause);
    }
}
