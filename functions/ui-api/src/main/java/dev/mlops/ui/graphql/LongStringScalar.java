package dev.mlops.ui.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.util.Locale;

/**
 * MLflow's {@code LongString}: 64-bit numbers (timestamps, steps, sizes) travel as strings, because JavaScript's
 * numbers lose precision above 2^53. Inputs are taken as numbers or numeric strings.
 */
final class LongStringScalar {

    static final GraphQLScalarType TYPE = GraphQLScalarType.newScalar()
            .name("LongString")
            .description("Long converted to string to prevent truncation to max integer in JavaScript")
            .coercing(new LongCoercing())
            .build();

    private LongStringScalar() {
    }

    private static final class LongCoercing implements Coercing<Object, String> {

        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof Number || value instanceof String) {
                return value.toString();
            }
            throw new CoercingSerializeException("LongString cannot represent " + value);
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            try {
                return input instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(input).trim());
            } catch (NumberFormatException e) {
                throw new CoercingParseValueException("Expected a whole number, got '" + input + "'");
            }
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                   Locale locale) {
            if (input instanceof IntValue i) {
                return i.getValue().longValueExact();
            }
            if (input instanceof StringValue s) {
                return parseValue(s.getValue(), context, locale);
            }
            throw new CoercingParseLiteralException("Expected a whole number for LongString");
        }
    }
}
