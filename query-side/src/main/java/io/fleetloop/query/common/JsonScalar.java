package io.fleetloop.query.common;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The GraphQL scalar {@code JSON}: maps, lists, strings, numbers and booleans pass through as they are. */
@Configuration(proxyBeanMethods = false)
class JsonScalar {

    static final GraphQLScalarType JSON = GraphQLScalarType.newScalar()
            .name("JSON")
            .description("Any JSON value, passed as it is.")
            .coercing(new JsonCoercing())
            .build();

    @Bean
    RuntimeWiringConfigurer jsonScalarWiring() {
        return wiring -> wiring.scalar(JSON);
    }

    private static final class JsonCoercing implements Coercing<Object, Object> {

        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof Map<?, ?> || value instanceof List<?> || value instanceof String
                    || value instanceof Number || value instanceof Boolean) {
                return value;
            }
            throw new CoercingSerializeException("not a JSON value: " + value.getClass().getName());
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            return input;
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            return literal(input, variables);
        }

        private static Object literal(Value<?> input, CoercedVariables variables) {
            if (input instanceof NullValue) return null;
            if (input instanceof StringValue v) return v.getValue();
            if (input instanceof BooleanValue v) return v.isValue();
            if (input instanceof IntValue v) return v.getValue();
            if (input instanceof FloatValue v) return v.getValue();
            if (input instanceof EnumValue v) return v.getName();
            if (input instanceof VariableReference v) return variables.get(v.getName());
            if (input instanceof ArrayValue v) return v.getValues().stream().map(item -> literal(item, variables)).toList();
            if (input instanceof ObjectValue v) {
                Map<String, Object> object = new LinkedHashMap<>();
                v.getObjectFields().forEach(field -> object.put(field.getName(), literal(field.getValue(), variables)));
                return object;
            }
            throw new CoercingParseLiteralException("not a JSON literal: " + input);
        }
    }
}
