package io.fleetloop.edge.ota;

/** Told about every state change of a device; the CLI prints them, the fleet counts them. */
@FunctionalInterface
public interface OtaListener {

    void onState(String controllerId, DeviceState state, String detail);

    OtaListener NONE = (controllerId, state, detail) -> {
    };
}
