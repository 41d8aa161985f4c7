package dev.mlops.aws.dynamo;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The audit table, {@code <prefix>-audit} (docs/dynamodb-design.md, "Audit log"). Items:
 * <ul>
 * <li>timeline: pk {@code T#<yyyy-mm>} (UTC month), sk {@code <13-digit ms>#<id>}, carrying the GSI keys
 * {@link #ACTOR} ({@link #BY_ACTOR}) and {@link #ACTION} ({@link #BY_ACTION});</li>
 * <li>one copy per resource: pk {@code R#<resource>}, same sk, no GSI keys.</li>
 * </ul>
 * Every query reads newest first ({@code ScanIndexForward=false}) below a sort-key bound, so a page token is just
 * the last sort key returned. Items expire by TTL on {@link #EXPIRES} (epoch seconds).
 */
public final class AuditTable {

    static final String PK = MetaSchema.PK;
    static final String SK = MetaSchema.SK;
    static final String ACTOR = "actor";
    static final String ACTION = "action";
    static final String BY_ACTOR = "audit-by-actor";
    static final String BY_ACTION = "audit-by-action";
    static final String TIMESTAMP = "ts";
    static final String RESOURCES = "res";
    static final String OUTCOME = "outcome";
    static final String REQUEST_ID = "rid";
    static final String ENTRY_ID = "id";
    static final String EXPIRES = "expires_at";

    private AuditTable() {
    }

    /** The table with its indexes; {@link DynamoTables#definitions()} lists it, TTL on {@link #EXPIRES}. */
    static CreateTableRequest request(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(text(PK), text(SK), text(ACTOR), text(ACTION))
                .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                .globalSecondaryIndexes(DynamoTables.index(BY_ACTOR, ACTOR, SK),
                        DynamoTables.index(BY_ACTION, ACTION, SK))
                .build();
    }

    private static AttributeDefinition text(String attribute) {
        return AttributeDefinition.builder().attributeName(attribute).attributeType(ScalarAttributeType.S).build();
    }
}
