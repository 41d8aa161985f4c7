package dev.mlops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.databricks.DatabricksCredentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where local Databricks credentials come from, and that a missing one is named without echoing any value. */
class DatabricksWiringTest {

    @Test
    void fromEnvironment_shouldPreferTheToken_thenOAuthClientCredentials() {
        DatabricksCredentials token = DatabricksWiring.fromEnvironment(Map.of(
                DatabricksWiring.ENV_TOKEN, "dapi-secret-1", DatabricksWiring.ENV_CLIENT_ID, "id",
                DatabricksWiring.ENV_CLIENT_SECRET, "s"));
        DatabricksCredentials oauth = DatabricksWiring.fromEnvironment(Map.of(
                DatabricksWiring.ENV_CLIENT_ID, "sp-1", DatabricksWiring.ENV_CLIENT_SECRET, "oauth-secret-2"));

        assertThat(token.kind()).isEqualTo(DatabricksCredentials.Kind.PERSONAL_ACCESS_TOKEN);
        assertThat(oauth.kind()).isEqualTo(DatabricksCredentials.Kind.OAUTH_M2M);
        assertThat(oauth.clientId()).isEqualTo("sp-1");
        assertThat(token + " " + oauth).doesNotContain("dapi-secret-1").doesNotContain("oauth-secret-2")
                .contains("****");
    }

    @Test
    void fromEnvironment_shouldNameTheVariables_whenNoneIsSet() {
        assertThatThrownBy(() -> DatabricksWiring.fromEnvironment(Map.of(DatabricksWiring.ENV_CLIENT_ID, "only-id")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MLOPS_DATABRICKS_TOKEN")
                .hasMessageContaining("MLOPS_DATABRICKS_CLIENT_SECRET")
                .hasMessageNotContaining("only-id");
    }
}
