package io.fleetloop.command.ota;

import io.fleetloop.api.ota.DeviceType;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The device registry as a release sees it when it starts: which devices are eligible, fixed at that moment. */
public interface DeviceSelection {

    /** Registered devices of the type whose attributes contain the filter and that do not run {@code notOnVersion}, in a stable order. */
    List<String> eligible(String tenantId, DeviceType type, Map<String, String> filter, String notOnVersion);

    /** Those of {@code deviceIds} that are not registered devices of the type in the tenant. */
    List<String> notEligible(String tenantId, DeviceType type, Collection<String> deviceIds);
}
