package dev.mlops.ui.graphql;

import dev.mlops.core.error.MlopsException;
import dev.mlops.core.service.ArtifactService;
import dev.mlops.core.service.RegistryService;
import dev.mlops.core.service.TrackingService;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * MLflow's GraphQL endpoint on graphql-java: the schema file {@code graphql/mlflow-ui.graphqls}, wired to
 * {@link UiResolvers}. Answers in MLflow's shape, {@code {"data": ..., "errors": [message, ...] | null}}: errors
 * are plain strings there, and a failing field is null in {@code data}. A core error answers with its own
 * message; anything else with a generic one, so no internals reach the browser.
 */
@ApplicationScoped
public class MlflowGraphql {

    private static final Logger LOG = Logger.getLogger(MlflowGraphql.class);
    private static final String SCHEMA = "graphql/mlflow-ui.graphqls";

    private final UiResolvers resolvers;
    private final GraphQL graphql;

    public MlflowGraphql(TrackingService tracking, ArtifactService artifacts, RegistryService registry) {
        this.resolvers = new UiResolvers(tracking, artifacts, registry);
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(
                new SchemaParser().parse(readSchema()), resolvers.wiring());
        this.graphql = GraphQL.newGraphQL(schema).defaultDataFetcherExceptionHandler(new CoreErrors()).build();
    }

    /** Runs one request; never throws for a bad document, which is answered in {@code errors}. */
    public Map<String, Object> execute(String query, String operationName, Map<String, Object> variables) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return answer(null, List.of(e.getMessage()));
        }
        Optional<String> tooBig = QueryLimits.check(document);
        if (tooBig.isPresent()) {
            return answer(null, List.of(tooBig.get()));
        }
        ExecutionResult result = graphql.execute(ExecutionInput.newExecutionInput()
                .query(query)
                .operationName(operationName)
                .variables(variables == null ? Map.of() : variables)
                .dataLoaderRegistry(resolvers.loaders())
                .build());
        List<String> errors = result.getErrors().stream().map(GraphQLError::getMessage).toList();
        return answer(result.getData(), errors.isEmpty() ? null : errors);
    }

    private static Map<String, Object> answer(Object data, List<String> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("errors", errors);
        return body;
    }

    private static String readSchema() {
        try (InputStream in = MlflowGraphql.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + SCHEMA + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A failed field becomes an error with the core's message (MLflow's wording), or a generic one. */
    private static final class CoreErrors implements DataFetcherExceptionHandler {

        @Override
        public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
                DataFetcherExceptionHandlerParameters parameters) {
            Throwable failure = unwrap(parameters.getException());
            String message;
            if (failure instanceof MlopsException e) {
                message = e.getMessage();
                if (e.code().httpStatus() >= 500) {
                    LOG.error(message, e);
                }
            } else {
                LOG.error("GraphQL field " + parameters.getPath() + " failed", failure);
                message = "Internal error while resolving " + parameters.getPath();
            }
            GraphQLError error = GraphqlErrorBuilder.newError()
                    .message(message)
                    .path(parameters.getPath())
                    .location(parameters.getSourceLocation())
                    .build();
            return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
        }

        private static Throwable unwrap(Throwable t) {
            Throwable current = t;
            while ((current instanceof java.util.concurrent.CompletionException
                    || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
                current = current.getCause();
            }
            return current;
        }
    }
}
