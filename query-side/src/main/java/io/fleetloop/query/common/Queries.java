package io.fleetloop.query.common;

import io.fleetloop.api.common.FleetloopException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.concurrent.CompletionException;

/** Sends typed queries and waits, unwrapping the future so errors reach the problem handler as they were thrown. */
@Component
public class Queries {

    private final QueryGateway gateway;

    Queries(QueryGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R get(Object query, Class<R> responseType) {
        try {
            return gateway.query(query, ResponseTypes.instanceOf(responseType)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public <R> Optional<R> find(Object query, Class<R> responseType) {
        try {
            return gateway.query(query, ResponseTypes.optionalInstanceOf(responseType)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public <R> R require(Object query, Class<R> responseType, String resourceType, String id) {
        return find(query, responseType).orElseThrow(() -> FleetloopException.notFound(resourceType, id));
    }
}
