package dev.mlops.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;

/**
 * MLflow's JSON dialect: snake_case names, unset fields left out, NaN and infinities as the strings "NaN",
 * "Infinity" and "-Infinity" (bare NaN tokens are accepted on input too), and no silent number-to-string coercion.
 * It is a separate mapper, resolved only for our resources, because the Lambda runtime decodes API Gateway events
 * (camelCase) with the application's default one.
 */
@Provider
public class JsonConfig implements ContextResolver<ObjectMapper> {

    public static final ObjectMapper MLFLOW = create();

    /** A generator in MLflow's dialect (NaN as strings) for answers written point by point. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return MLFLOW.createGenerator(out);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return MLFLOW;
    }

    private static ObjectMapper create() {
        ObjectMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(JsonWriteFeature.WRITE_NAN_AS_STRINGS, true)
                .configure(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, true)
                .findAndAddModules()
                .build();
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
