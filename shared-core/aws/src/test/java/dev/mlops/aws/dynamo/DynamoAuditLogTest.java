package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.AwsClients;
import dev.mlops.aws.AwsSettings;
import dev.mlops.core.audit.AuditEntry;
import dev.mlops.core.contract.AuditLogContract;
import dev.mlops.core.port.AuditLog;
import dev.mlops.testsupport.AwsEmulator;
import dev.mlops.testsupport.AwsEmulatorExtension;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The shared AuditLog contract over the wire against the emulator, plus what the item layout promises. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoAuditLogTest extends AuditLogContract {

    private AwsClients clients;
    private String table;
    private DynamoAuditLog log;

    @BeforeEach
    void open() {
        AwsEmulator aws = AwsEmulator.get();
        AwsSettings settings = AwsSettings.forEmulator(aws.endpoint(), aws.region(), aws.accessKey(),
                aws.secretKey(), aws.uniquePrefix("audit"));
        clients = new AwsClients(settings, List.of());
        table = DynamoTables.createIfMissing(clients.dynamo(), settings).audit();
        log = new DynamoAuditLog(clients.dynamo(), table, Duration.ofDays(400), InstantSource.system());
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Override
    protected AuditLog log() {
        return log;
    }

    @Test
    void items_shouldExpireByTtl_andNameNoValues() {
        AuditEntry entry = entry(NOW - 10, "erin", "SetTag", List.of("run/ttl"), "ok");
        log.append(List.of(entry));

        List<Map<String, AttributeValue>> items = clients.dynamo().scan(b -> b.tableName(table)).items();

        assertThat(items).hasSize(2).allSatisfy(item -> {
            assertThat(Long.parseLong(item.get(AuditTable.EXPIRES).n()))
                    .isEqualTo((entry.timestamp() + Duration.ofDays(400).toMillis()) / 1000);
            assertThat(item.keySet()).doesNotContain("value", "params", "tags", "body");
        });
        assertThat(items).extracting(item -> item.get(AuditTable.PK).s())
                .containsExactlyInAnyOrder("R#run/ttl", "T#" + java.time.YearMonth.now(java.time.ZoneOffset.UTC));
        assertThat(clients.dynamo().describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription()
                .attributeName()).isEqualTo(AuditTable.EXPIRES);
    }
}
