package dev.mlops.aws.health;

import dev.mlops.aws.dynamo.DynamoTables;
import dev.mlops.core.health.CheckResult;
import dev.mlops.core.health.HealthLevel;
import dev.mlops.core.health.ReadinessCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * storage, AWS backend: each DynamoDB table is ACTIVE (UPDATING still serves, and only warns) and the bucket answers
 * HeadBucket. A missing table or bucket, a refused permission or an unreachable endpoint is DOWN, named in the
 * message. Use clients from {@code AwsClients.forHealthChecks}, so an outage is reported within seconds.
 */
public final class AwsStorageCheck implements ReadinessCheck {

    private final DynamoDbClient dynamo;
    private final DynamoTables tables;
    private final S3Client s3;
    private final String bucket;

    public AwsStorageCheck(DynamoDbClient dynamo, DynamoTables tables, S3Client s3, String bucket) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public CheckResult check() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("backend", "aws");
        List<String> problems = new ArrayList<>();
        HealthLevel level = HealthLevel.UP;
        long started = System.nanoTime();
        for (String table : List.of(tables.metadata(), tables.metrics(), tables.registry())) {
            String status = tableStatus(table);
            data.put("table." + table, status);
            if (status.equals("UPDATING")) {
                level = level.worse(HealthLevel.WARNING);
                problems.add("table " + table + " is UPDATING");
            } else if (!status.equals("ACTIVE")) {
                level = HealthLevel.DOWN;
                problems.add("table " + table + " is " + status);
            }
        }
        String bucketState = bucketState();
        data.put("bucket." + bucket, bucketState);
        if (!bucketState.equals("REACHABLE")) {
            level = HealthLevel.DOWN;
            problems.add("bucket " + bucket + " is " + bucketState);
        }
        data.put("latency_ms", (System.nanoTime() - started) / 1_000_000);
        return new CheckResult(name(), level, problems.isEmpty()
                ? "tables ACTIVE, bucket reachable" : String.join("; ", problems), data);
    }

    private String tableStatus(String table) {
        try {
            TableStatus status = dynamo.describeTable(b -> b.tableName(table)).table().tableStatus();
            return status == null ? "UNKNOWN" : status.toString();
        } catch (ResourceNotFoundException missing) {
            return "MISSING";
        } catch (SdkException e) {
            return unreachable(e);
        }
    }

    private String bucketState() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return "REACHABLE";
        } catch (AwsServiceException e) {
            return switch (e.statusCode()) {
                case 404 -> "MISSING";
                case 403 -> "ACCESS_DENIED";
                default -> "FAILING (" + e.statusCode() + ")";
            };
        } catch (SdkException e) {
            return unreachable(e);
        }
    }

    /** Names the failure without the SDK's long text: access refused, throttled, or no answer at all. */
    static String unreachable(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return service.statusCode() == 403 ? "ACCESS_DENIED"
                    : service.isThrottlingException() ? "THROTTLED"
                    : "FAILING (" + (code == null ? service.statusCode() : code) + ")";
        }
        return "UNREACHABLE";
    }
}
