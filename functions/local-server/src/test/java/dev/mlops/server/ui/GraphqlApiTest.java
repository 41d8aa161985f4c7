package dev.mlops.server.ui;

import static dev.mlops.server.ui.UiFixtures.API;
import static dev.mlops.server.ui.UiFixtures.newExperiment;
import static dev.mlops.server.ui.UiFixtures.newRun;
import static dev.mlops.server.ui.UiFixtures.postJson;
import static dev.mlops.server.ui.UiFixtures.putArtifact;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/**
 * MLflow's GraphQL endpoint as the web UI uses it: operations shaped like the UI's (operation names, the
 * {@code @component} directive, {@code $input}/{@code $data} variables) and MLflow's answer format.
 */
@QuarkusTest
class GraphqlApiTest {

    private static final String RUN_FIELDS = "info { runId runUuid runName status startTime endTime experimentId "
            + "artifactUri lifecycleStage userId } experiment { experimentId name lifecycleStage "
            + "tags { key value } } modelVersions { name version status source } "
            + "data { metrics { key value step timestamp } params { key value } tags { key value } } "
            + "inputs { datasetInputs { dataset { name digest } } modelInputs { modelId } } "
            + "outputs { modelOutputs { modelId step } }";

    @Test
    void getExperiment_shouldAnswerLikeMlflowWithLongsAsStrings() {
        String exp = newExperiment();
        graphql("query MlflowGetExperimentQuery($input: MlflowGetExperimentInput!) "
                        + "@component(name: \"MLflow.ExperimentRunTracking\") { mlflowGetExperiment(input: $input) { "
                        + "apiError { code message } experiment { artifactLocation creationTime "
                        + "effectiveTraceArchivalRetention experimentId lastUpdateTime lifecycleStage name "
                        + "tags { key value } } } }",
                "MlflowGetExperimentQuery", "{\"input\":{\"experimentId\":\"" + exp + "\"}}")
                .body("errors", nullValue())
                .body("data.mlflowGetExperiment.apiError", nullValue())
                .body("data.mlflowGetExperiment.experiment.experimentId", equalTo(exp))
                .body("data.mlflowGetExperiment.experiment.artifactLocation", equalTo("mlflow-artifacts:/" + exp))
                .body("data.mlflowGetExperiment.experiment.lifecycleStage", equalTo("active"))
                .body("data.mlflowGetExperiment.experiment.creationTime", startsWith("1"))
                .body("data.mlflowGetExperiment.experiment", hasKey("effectiveTraceArchivalRetention"));
    }

    @Test
    void getRun_shouldResolveDataExperimentAndModelVersions() {
        String exp = newExperiment();
        String run = newRun(exp, "graphql-run");
        postJson(API + "runs/log-batch", "{\"run_id\":\"" + run + "\",\"params\":[{\"key\":\"lr\",\"value\":\"0.1\"}],"
                + "\"tags\":[{\"key\":\"team\",\"value\":\"ml\"}],\"metrics\":["
                + "{\"key\":\"loss\",\"value\":0.5,\"timestamp\":1700000000000,\"step\":3},"
                + "{\"key\":\"broken\",\"value\":\"NaN\",\"timestamp\":1700000000000,\"step\":1}]}").statusCode(200);
        putArtifact(exp, run, "model/MLmodel", "flavors: {}\n");
        String model = "gql-" + run.substring(0, 8);
        postJson(API + "registered-models/create", "{\"name\":\"" + model + "\"}").statusCode(200);
        postJson(API + "model-versions/create", "{\"name\":\"" + model + "\",\"source\":\"runs:/" + run
                + "/model\",\"run_id\":\"" + run + "\"}").statusCode(200);

        String path = "data.mlflowGetRun.run.";
        graphql("query GetRun($data: MlflowGetRunInput!) @component(name: \"MLflow.ExperimentRunTracking\") { "
                + "mlflowGetRun(input: $data) { apiError { helpUrl code message } run { " + RUN_FIELDS + " } } }",
                "GetRun", "{\"data\":{\"runId\":\"" + run + "\"}}")
                .body("errors", nullValue())
                .body(path + "info.runUuid", equalTo(run))
                .body(path + "info.runName", equalTo("graphql-run"))
                .body(path + "info.status", equalTo("RUNNING"))
                .body(path + "experiment.experimentId", equalTo(exp))
                .body(path + "data.params.key", contains("lr"))
                .body(path + "data.tags.key", hasItem("team"))
                .body(path + "data.metrics.find { it.key == 'loss' }.step", equalTo("3"))
                .body(path + "data.metrics.find { it.key == 'loss' }.timestamp", equalTo("1700000000000"))
                .body(path + "data.metrics.find { it.key == 'loss' }.value", equalTo(0.5f))
                .body(path + "data.metrics.find { it.key == 'broken' }.value", nullValue())
                .body(path + "modelVersions.name", contains(model))
                .body(path + "modelVersions[0].version", equalTo("1"))
                .body(path + "inputs.datasetInputs", hasSize(0));
    }

    @Test
    void searchRuns_shouldBatchExperimentsAndVersionsPerRequest() {
        String exp = newExperiment();
        String first = newRun(exp, "first");
        String second = newRun(exp, "second");
        graphql("query SearchRuns($data: MlflowSearchRunsInput!) { mlflowSearchRuns(input: $data) { "
                        + "apiError { code message } nextPageToken runs { " + RUN_FIELDS + " } } }",
                "SearchRuns", "{\"data\":{\"experimentIds\":[\"" + exp + "\"],\"runViewType\":\"ACTIVE_ONLY\","
                        + "\"maxResults\":10,\"orderBy\":[\"attributes.start_time DESC\"]}}")
                .body("errors", nullValue())
                .body("data.mlflowSearchRuns.runs.info.runId", containsInAnyOrder(first, second))
                .body("data.mlflowSearchRuns.runs.experiment.experimentId", contains(exp, exp))
                .body("data.mlflowSearchRuns.runs.modelVersions", contains(hasSize(0), hasSize(0)));
    }

    @Test
    void metricHistoryBulkInterval_shouldTagPointsWithTheirRun() {
        String exp = newExperiment();
        String run = newRun(exp, "curves");
        postJson(API + "runs/log-batch", "{\"run_id\":\"" + run + "\",\"metrics\":["
                + "{\"key\":\"acc\",\"value\":0.1,\"timestamp\":10,\"step\":0},"
                + "{\"key\":\"acc\",\"value\":0.9,\"timestamp\":20,\"step\":1}]}").statusCode(200);
        graphql("query GetMetricHistoryBulkInterval($data: MlflowGetMetricHistoryBulkIntervalInput!) "
                        + "@component(name: \"MLflow.ExperimentRunTracking\") { "
                        + "mlflowGetMetricHistoryBulkInterval(input: $data) { __typename "
                        + "metrics { timestamp step runId key value } apiError { code message } } }",
                "GetMetricHistoryBulkInterval", "{\"data\":{\"runIds\":[\"" + run + "\"],\"metricKey\":\"acc\","
                        + "\"startStep\":null,\"endStep\":null,\"maxResults\":320}}")
                .body("errors", nullValue())
                .body("data.mlflowGetMetricHistoryBulkInterval.__typename",
                        equalTo("MlflowGetMetricHistoryBulkIntervalResponse"))
                .body("data.mlflowGetMetricHistoryBulkInterval.metrics.step", contains("0", "1"))
                .body("data.mlflowGetMetricHistoryBulkInterval.metrics.runId", contains(run, run));
    }

    @Test
    void searchDatasets_shouldListEachLoggedDatasetWithItsContext() {
        String exp = newExperiment();
        String run = newRun(exp, "with-data");
        postJson(API + "runs/log-inputs", "{\"run_id\":\"" + run + "\",\"datasets\":["
                + "{\"dataset\":{\"name\":\"plain\",\"digest\":\"d1\",\"source_type\":\"script\",\"source\":\"s\"}},"
                + "{\"dataset\":{\"name\":\"train\",\"digest\":\"d2\",\"source_type\":\"script\",\"source\":\"s\"},"
                + "\"tags\":[{\"key\":\"mlflow.data.context\",\"value\":\"training\"}]}]}").statusCode(200);
        graphql("mutation SearchDatasets { mlflowSearchDatasets(input: {experimentIds: [\"" + exp + "\"]}) { "
                + "datasetSummaries { experimentId name digest context } } }", "SearchDatasets", "{}")
                .body("errors", nullValue())
                .body("data.mlflowSearchDatasets.datasetSummaries.name", containsInAnyOrder("plain", "train"))
                .body("data.mlflowSearchDatasets.datasetSummaries.find { it.name == 'train' }.context",
                        equalTo("training"))
                .body("data.mlflowSearchDatasets.datasetSummaries.find { it.name == 'plain' }.context", equalTo(""))
                .body("data.mlflowSearchDatasets.datasetSummaries.experimentId", contains(exp, exp));
    }

    @Test
    void listArtifacts_shouldSizeDirectoriesAsZeroLikeMlflowsProtoAnswer() {
        String exp = newExperiment();
        String run = newRun(exp, "files");
        putArtifact(exp, run, "a.txt", "hello world");
        putArtifact(exp, run, "sub/b.txt", "x");
        graphql("query Files { files: mlflowListArtifacts(input: {runId: \"" + run + "\"}) { "
                + "files { path isDir fileSize } } }", "Files", "{}")
                .body("errors", nullValue())
                .body("data.files.files.path", contains("a.txt", "sub"))
                .body("data.files.files.isDir", contains(false, true))
                .body("data.files.files.fileSize", contains("11", "0"));
    }

    @Test
    void echoFields_shouldAnswerTheirInput() {
        graphql("query Ping { test(inputString: \"abc\") { output } }", "Ping", "{}")
                .body("errors", nullValue()).body("data.test.output", equalTo("abc"));
        graphql("mutation Ping { testMutation(inputString: \"xyz\") { output } }", "Ping", "{}")
                .body("errors", nullValue()).body("data.testMutation.output", equalTo("xyz"));
    }

    @Test
    void errors_shouldBeMlflowsPlainMessagesWithTheFieldNull() {
        graphql("query GetRun($data: MlflowGetRunInput!) { mlflowGetRun(input: $data) { run { info { runId } } } }",
                "GetRun", "{\"data\":{\"runId\":\"0123456789abcdef0123456789abcdef\"}}")
                .body("data.mlflowGetRun", nullValue())
                .body("errors", hasSize(1))
                .body("errors[0]", equalTo("Run with id=0123456789abcdef0123456789abcdef not found"));
        graphql("query { mlflowGetRun(input: {runId: \"x\"}) { nope } }", null, "{}")
                .body("data", nullValue()).body("errors[0]", startsWith("Validation error"));
        graphql("query {", null, "{}").body("data", nullValue()).body("errors", hasSize(1));
        StringBuilder wide = new StringBuilder("query {");
        for (int i = 0; i < 11; i++) {
            wide.append(" a").append(i).append(": mlflowGetExperiment(input: {experimentId: \"0\"}) { apiError { code } }");
        }
        graphql(wide.append(" }").toString(), null, "{}").body("data", nullValue())
                .body("errors[0]", equalTo("GraphQL queries should have at most 10 root fields, got 11 root fields."));
    }

    @Test
    void get_shouldTakeTheQueryFromTheUrl() {
        given().queryParam("query", "{ mlflowGetExperiment(input: {experimentId: \"0\"}) { experiment { name } } }")
                .get("/graphql").then().statusCode(200)
                .body("data.mlflowGetExperiment.experiment.name", equalTo("Default"));
        given().get("/graphql").then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    }

    private static ValidatableResponse graphql(String query, String operationName, String variablesJson) {
        String body = "{\"query\":" + quote(query) + (operationName == null ? "" : ",\"operationName\":\""
                + operationName + "\"") + ",\"variables\":" + variablesJson + "}";
        return given().contentType("application/json").body(body).post("/graphql").then().statusCode(200)
                .contentType("application/json");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
