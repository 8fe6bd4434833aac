package io.fleetloop.api.ota;

import java.util.List;

/** The result of a {@link RegisterDevicesCommand}: the device ids registered now and those the tenant had registered already. */
public record DevicesRegistered(List<String> registered, List<String> alreadyRegistered) {
}
