package dev.mlops.aws.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.core.domain.ModelStage;
import dev.mlops.core.domain.ModelVersion;
import dev.mlops.core.domain.RegisteredModel;
import dev.mlops.core.domain.VersionStatus;
import dev.mlops.core.port.ModelQuery;
import dev.mlops.core.port.Page;
import dev.mlops.core.port.VersionQuery;
import dev.mlops.core.search.SearchFilterParser;
import dev.mlops.testsupport.AwsEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Read units of registry searches over N versions (100 per model), run on demand with
 * {@code -Ddynamo.capacity.versions=N} (skipped otherwise: seeding and moto's table walks take a while). Each version
 * looks like one the ingestion registers: an S3 source, a run id and seven tags, five of them {@code mlops.*} seed
 * metadata. Items are written with BatchWriteItem in exactly the store's shapes; every read goes through the store.
 * "RCU (from item sizes)" is what DynamoDB would charge (CapacityMeter); moto's own figures are rough. Writes a
 * table to target/registry-capacity-N.md; figures are in docs/dynamodb-design.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoRegistryCapacityTest {

    private static final int VERSIONS = Integer.getInteger("dynamo.capacity.versions", 0);
    private static final int PER_MODEL = 100;
    private DynamoFixture fixture;
    private DynamoRegistryStore store;
    private final List<String> report = new ArrayList<>();

    @BeforeAll
    void seed() {
        assumeTrue(VERSIONS >= PER_MODEL, "set -Ddynamo.capacity.versions=N to measure");
        AwsEmulator.get().reset();
        fixture = DynamoFixture.patient(Duration.ofMinutes(10));
        store = fixture.registry;
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (int m = 0; m < VERSIONS / PER_MODEL; m++) {
            String name = "model-" + m;
            items.add(RegistryItems.model(new RegisteredModel(name, 1, 2, "", Map.of("team", "t" + m % 5),
                    Map.of("champion", 1)), PER_MODEL, 0, Map.of()));
            for (int v = 1; v <= PER_MODEL; v++) {
                int i = m * PER_MODEL + v;
                Map<String, String> tags = Map.of("mlops.framework", i % 3 == 0 ? "pytorch" : "sklearn",
                        "mlops.checksum", hex.formatHex(new byte[32]).replace('0', Character.forDigit(i % 16, 16)),
                        "mlops.size_bytes", Integer.toString(1_000_000 + i), "mlops.format", "mlflow-pyfunc",
                        "mlops.source_version", "v" + i, "team", "t" + m % 5, "validated", i % 10 == 0 ? "true" : "false");
                items.add(RegistryItems.version(new ModelVersion(name, v, 1_700_000_000_000L + i,
                        1_700_000_000_000L + i, "ingest@example.com", ModelStage.NONE, "",
                        "s3://mlops-models/models/" + name + "/" + v + "/model", hex.formatHex(new byte[16]), null,
                        VersionStatus.READY, null, tags, null)));
            }
        }
        write(items);
        report.add("| registry search over " + VERSIONS + " versions | RCU (from item sizes) | RCU (emulator) "
                + "| items read | requests |");
        report.add("|---|---|---|---|---|");
    }

    @AfterAll
    void close() throws IOException {
        if (fixture == null) {
            return;
        }
        report.forEach(System.out::println);
        Files.write(Path.of("target", "registry-capacity-" + VERSIONS + ".md"), report);
        fixture.close();
    }

    @Test
    void searchVersions_tagFilter_overAllModels() {
        Page<ModelVersion> page = measure("search-model-versions `tags.validated = 'true'`, first page of 100",
                () -> store.searchVersions(versions("tags.validated = 'true'", 100)));

        assertThat(page.items()).hasSize(Math.min(100, VERSIONS / 10))
                .allMatch(v -> v.tags().get("validated").equals("true"));
    }

    @Test
    void searchVersions_tagFilter_withinOneModel() {
        Page<ModelVersion> page = measure("search-model-versions `name = 'model-1' AND tags.validated = 'true'`",
                () -> store.searchVersions(versions("name = 'model-1' AND tags.validated = 'true'", 100)));

        assertThat(page.items()).hasSize(PER_MODEL / 10);
    }

    @Test
    void searchModels_all() {
        Page<RegisteredModel> page = measure("search-registered-models, first page of 100",
                () -> store.searchModels(new ModelQuery(SearchFilterParser.parseModelFilter(""), List.of(), 100,
                        null)));

        assertThat(page.items()).hasSize(Math.min(100, VERSIONS / PER_MODEL));
    }

    @Test
    void getVersion_consistent() {
        ModelVersion version = measure("get-model-version (consistent)",
                () -> store.getVersion("model-0", 7).orElseThrow());

        assertThat(version.version()).isEqualTo(7);
    }

    @Test
    void versionsOf_oneModel() {
        List<ModelVersion> versions = measure("all versions of one model (" + PER_MODEL + ", consistent)",
                () -> store.versionsOf("model-2"));

        assertThat(versions).hasSize(PER_MODEL);
    }

    private <T> T measure(String what, Supplier<T> call) {
        fixture.meter.reset();
        T result = call.get();
        CapacityMeter m = fixture.meter;
        report.add("| %s | %.1f | %.1f | %d | %d Query + %d GetItem-or-batch |".formatted(what, m.computed.sum(),
                m.reported.sum(), m.itemsRead.get(), m.queries.get(), m.batchGets.get()));
        assertThat(m.scans).hasValue(0);
        return result;
    }

    private static VersionQuery versions(String filter, int max) {
        return new VersionQuery(SearchFilterParser.parseModelVersionFilter(filter), List.of(), max, null);
    }

    private void write(List<Map<String, AttributeValue>> items) {
        String table = fixture.tables.registry();
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = fixture.dynamo.batchWriteItem(b -> b.requestItems(request));
                pending = response.unprocessedItems();
            }
        }
    }
}
