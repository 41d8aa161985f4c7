package dev.mlops.ui.graphql;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.JsonCodec;
import dev.mlops.core.error.InvalidParameterException;
import dev.mlops.core.service.Validation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code /graphql}, where MLflow's server takes GraphQL (GET and POST). The web UI's Apollo client posts to the
 * relative URI {@code graphql}, so it lands here when the UI is served at {@code /}; MLflow has no prefixed variant.
 */
@Path("/graphql")
public class GraphqlResource {

    /** Plain Jackson: GraphQL answers keep their camelCase names and their nulls, which Apollo's cache expects. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MlflowGraphql graphql;
    private final JsonCodec json;

    public GraphqlResource(MlflowGraphql graphql, JsonCodec json) {
        this.graphql = graphql;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response post(byte[] body) {
        Request request = json.read(body, Request.class);
        return answer(request.query(), request.operationName(), request.variables());
    }

    @GET
    public Response get(@QueryParam("query") String query, @QueryParam("operationName") String operationName,
                        @QueryParam("variables") String variables) {
        return answer(query, operationName, variables == null || variables.isEmpty() ? null : parse(variables));
    }

    private Response answer(String query, String operationName, Map<String, Object> variables) {
        Validation.required("query", query);
        try {
            byte[] body = JSON.writeValueAsBytes(graphql.execute(query, operationName, variables));
            return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not encode a GraphQL answer", e);
        }
    }

    private static Map<String, Object> parse(String variables) {
        try {
            return JSON.readValue(variables, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException("Invalid value for parameter 'variables' supplied: it must be a "
                    + "JSON object.");
        }
    }

    /** The standard GraphQL-over-HTTP body; the names are camelCase on the wire. */
    public record Request(String query, @JsonProperty("operationName") String operationName,
                          Map<String, Object> variables) {
    }
}
