package dev.mlops.aws.dynamo;

import dev.mlops.core.error.OutcomeUnknownException;
import dev.mlops.core.error.StorageFailureException;
import dev.mlops.core.error.TemporarilyUnavailableException;
import io.smallrye.faulttolerance.api.Guard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Every DynamoDB call goes through here: a timeout and a circuit breaker, so a failing dependency fails fast instead
 * of tying up Lambda time. Throttling is retried with backoff by the SDK's standard retry mode underneath; what still
 * fails counts as an outage. Conditional failures are answers, not outages: they pass through untouched for the
 * caller to turn into a domain error, and never open the breaker. An open breaker or leftover throttling leaves as
 * {@link TemporarilyUnavailableException} (503: the client retries), a timeout as {@link OutcomeUnknownException},
 * everything else as {@link StorageFailureException}, so no SDK type crosses the adapter's boundary.
 */
public final class DynamoGuard {

    private final Guard guard;

    public DynamoGuard(Duration timeout, int requestVolume, double failureRatio, Duration openDelay) {
        this.guard = Guard.create()
                .withDescription("dynamodb")
                .withCircuitBreaker()
                .requestVolumeThreshold(requestVolume)
                .failureRatio(failureRatio)
                .delay(openDelay.toMillis(), ChronoUnit.MILLIS)
                .when(DynamoGuard::isOutage)
                .done()
                .withTimeout()
                .duration(timeout.toMillis(), ChronoUnit.MILLIS)
                .done()
                .build();
    }

    /** 10 s per call (the SDK's retries included); opens after half of 20 calls failed, probes again after 5 s. */
    public static DynamoGuard standard() {
        return new DynamoGuard(Duration.ofSeconds(10), 20, 0.5, Duration.ofSeconds(5));
    }

    /**
     * Runs one SDK call. {@link ConditionalCheckFailedException} and {@link TransactionCanceledException} are
     * rethrown as they are; other failures become one of our error types naming {@code operation}.
     */
    @SuppressWarnings("unchecked")
    <T> T call(String operation, Supplier<T> call) {
        try {
            return (T) guard.get(call::get, Object.class);
        } catch (ConditionalCheckFailedException | TransactionCanceledException answer) {
            throw answer;
        } catch (CircuitBreakerOpenException open) {
            throw new TemporarilyUnavailableException(
                    "DynamoDB is failing; " + operation + " was not attempted", open);
        } catch (TimeoutException slow) {
            throw new OutcomeUnknownException("DynamoDB " + operation + " timed out; its outcome is unknown", slow);
        } catch (FaultToleranceException | SdkException failure) {
            if (failure instanceof AwsServiceException service && service.isThrottlingException()) {
                throw new TemporarilyUnavailableException(
                        "DynamoDB throttled " + operation + " past the SDK's retries", failure);
            }
            throw new StorageFailureException("DynamoDB " + operation + " failed: " + failure.getMessage(), failure);
        }
    }

    /** What says "the dependency is unhealthy": transport errors, 5xx, throttling left after retries, timeouts. */
    static boolean isOutage(Throwable failure) {
        if (failure instanceof TimeoutException || failure instanceof SdkClientException) {
            return true;
        }
        if (failure instanceof AwsServiceException service) {
            return service.statusCode() >= 500 || service.isThrottlingException();
        }
        return false;
    }
}
