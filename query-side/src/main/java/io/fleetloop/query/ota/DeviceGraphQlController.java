package io.fleetloop.query.ota;

import io.fleetloop.api.common.Caller;
import io.fleetloop.api.common.PageRequest;
import io.fleetloop.api.ota.DeviceType;
import io.fleetloop.api.ota.DeviceView;
import io.fleetloop.api.ota.DevicesResponse;
import io.fleetloop.api.ota.FindDeviceQuery;
import io.fleetloop.api.ota.ListDevicesQuery;
import io.fleetloop.query.common.Queries;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GraphQL {@code devices} and {@code device}: the same queries as {@code GET /v1/devices[/{id}]}; another tenant's device is null. */
@Controller
class DeviceGraphQlController {

    record KeyValueInput(String key, String value) {
    }

    private final Queries queries;

    DeviceGraphQlController(Queries queries) {
        this.queries = queries;
    }

    @QueryMapping
    DevicesResponse devices(@ContextValue(Caller.ATTRIBUTE) Caller caller, @Argument DeviceType deviceType, @Argument String installedVersion,
                            @Argument List<KeyValueInput> attributes, @Argument String idPrefix, @Argument Integer page, @Argument Integer size) {
        Map<String, String> filter = new LinkedHashMap<>();
        if (attributes != null) attributes.forEach(a -> filter.put(a.key(), a.value()));
        PageRequest request = new PageRequest(page == null ? 0 : page, size == null ? 20 : size);
        return queries.get(new ListDevicesQuery(caller.tenantId(), deviceType, installedVersion, filter, idPrefix, request), DevicesResponse.class);
    }

    @QueryMapping
    DeviceView device(@ContextValue(Caller.ATTRIBUTE) Caller caller, @Argument String deviceId) {
        return queries.find(new FindDeviceQuery(caller.tenantId(), deviceId), DeviceView.class).orElse(null);
    }
}
