package io.fleetloop.platform.security;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.governance.Role;
import io.fleetloop.query.governance.masking.AttributeFilterGuard;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Holds GraphQL to the same {@link AccessMatrix} as REST: every top-level field (Query, Mutation) needs its
 * permission; a field without one is denied. Denied fields resolve to an error with classification FORBIDDEN
 * while the other fields of the request still answer.
 */
@Component
class GraphQlFieldAccess extends SimplePerformantInstrumentation {

    private final AttributeFilterGuard attributeFilters;

    GraphQlFieldAccess(AttributeFilterGuard attributeFilters) {
        this.attributeFilters = attributeFilters;
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        var step = parameters.getExecutionStepInfo();
        if (step.getPath().getLevel() != 1 || !(step.getParent().getUnwrappedNonNullType() instanceof GraphQLObjectType parent)) {
            return fetcher;
        }
        String field = parent.getName() + "." + step.getFieldDefinition().getName();
        if (field.startsWith("Query.__") || field.equals("Query.__typename")) return fetcher;
        return environment -> {
            Caller caller = environment.getGraphQlContext().get(Caller.ATTRIBUTE);
            Permission permission = AccessMatrix.GRAPHQL_FIELDS.get(field);
            List<Role> roles = caller == null ? List.of() : SecurityConfiguration.rolesOf(caller);
            if (permission == null) {
                throw FleetloopException.forbidden("no permission is defined for GraphQL field " + field);
            }
            if (!AccessMatrix.allows(roles, permission)) {
                throw FleetloopException.forbidden("your roles " + roles + " lack the permission " + permission + " needed for " + field);
            }
            if (environment.getArgument("filter") instanceof java.util.Map<?, ?> filter && filter.get("attribute") instanceof String attribute) {
                attributeFilters.check(caller, attribute);
            }
            if (environment.getArgument("attributes") instanceof List<?> attributes) { // Query.devices
                for (Object entry : attributes) {
                    if (entry instanceof java.util.Map<?, ?> pair && pair.get("key") instanceof String key) attributeFilters.check(caller, key);
                }
            }
            return fetcher.get(environment);
        };
    }
}
