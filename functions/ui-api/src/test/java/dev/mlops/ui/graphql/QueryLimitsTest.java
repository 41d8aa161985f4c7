package dev.mlops.ui.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.parser.Parser;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryLimitsTest {

    @Test
    void theUisLargestOperationIsWithinEveryLimit() {
        assertThat(check("query SearchRuns($data: MlflowSearchRunsInput!) { mlflowSearchRuns(input: $data) { "
                + "runs { info { runId } data { metrics { key value } } inputs { datasetInputs { dataset { name } } } "
                + "modelVersions { version } } } }")).isEmpty();
    }

    @Test
    void depthIsCountedThroughFragments() {
        String deep = "query { a { ...F } } fragment F on T { b { c { d { e { f { g { h { i { j { k } } } } } } } } } }";
        assertThat(check(deep)).contains("Query exceeds maximum depth of 10");
        assertThat(check("query { a { b { c { d { e { f { g { h { i { j } } } } } } } } } }")).isEmpty();
    }

    @Test
    void aliasesSpreadOverSiblingFragmentsCountAsOneLevel() {
        StringBuilder q = new StringBuilder("query { x { ...A ...B } } fragment A on T {");
        for (int i = 0; i < 6; i++) {
            q.append(" a").append(i).append(": f");
        }
        q.append(" } fragment B on T {");
        for (int i = 0; i < 6; i++) {
            q.append(" b").append(i).append(": f");
        }
        assertThat(check(q.append(" }").toString()))
                .contains("GraphQL queries should have at most 10 aliases, got 12 aliases.");
    }

    @Test
    void selectionsAreCappedInTotal() {
        StringBuilder q = new StringBuilder("query { a {");
        for (int i = 0; i < 1001; i++) {
            q.append(" f").append(i);
        }
        assertThat(check(q.append(" } }").toString())).contains("Query exceeds maximum total selections of 1000");
    }

    @Test
    void aSelfSpreadingFragmentDoesNotLoop() {
        assertThat(check("query { a { ...F } } fragment F on T { b ...F }")).isEmpty();
    }

    private static Optional<String> check(String query) {
        return QueryLimits.check(Parser.parse(query));
    }
}
