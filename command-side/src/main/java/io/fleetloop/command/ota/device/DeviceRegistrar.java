package io.fleetloop.command.ota.device;

import io.fleetloop.api.common.FleetloopException;
import io.fleetloop.api.ota.DeviceRegistration;
import io.fleetloop.api.ota.DevicesRegistered;
import io.fleetloop.api.ota.RegisterDevicesCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers a chunk of devices as many Device aggregates in one unit of work (one transaction, one batch of events).
 * The whole chunk is checked first, so a bad entry creates nothing; ids the tenant registered already are skipped and
 * reported (the registry table is kept by a subscribing processor, so it is as current as the event store).
 */
@Component
class DeviceRegistrar {

    private final Repository<Device> devices;
    private final DeviceDirectory directory;

    DeviceRegistrar(Repository<Device> devices, DeviceDirectory directory) {
        this.devices = devices;
        this.directory = directory;
    }

    @CommandHandler
    DevicesRegistered handle(RegisterDevicesCommand command, Clock clock) throws Exception {
        List<DeviceRegistration> chunk = command.devices() == null ? List.of() : command.devices();
        if (chunk.size() > RegisterDevicesCommand.MAX_DEVICES) {
            throw FleetloopException.invalid("devices", "at most " + RegisterDevicesCommand.MAX_DEVICES + " devices per command");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < chunk.size(); i++) {
            DeviceRules.requireValid(chunk.get(i), "devices[" + i + "].");
            Integer first = seen.putIfAbsent(chunk.get(i).deviceId(), i);
            if (first != null) {
                throw FleetloopException.invalid("devices[" + i + "].deviceId", chunk.get(i).deviceId() + " is also devices[" + first + "]");
            }
        }
        Set<String> known = directory.registered(command.tenantId(), seen.keySet());
        List<String> registered = new ArrayList<>();
        List<String> already = new ArrayList<>();
        Instant now = clock.instant();
        for (DeviceRegistration device : chunk) {
            if (known.contains(device.deviceId())) {
                already.add(device.deviceId());
                continue;
            }
            devices.newInstance(() -> new Device(Device.uidOf(command.tenantId(), device.deviceId()), command.tenantId(), device, now));
            registered.add(device.deviceId());
        }
        return new DevicesRegistered(registered, already);
    }
}
