package io.fleetloop.edge.ota;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a simulated fleet.
 *
 * @param states            how many devices are in each state (every state present, zero included)
 * @param installedVersions controllerId → installed version, for devices that run one
 * @param reportsSent       feedback and configData calls made by all devices
 * @param bytesDownloaded   artifact bytes received by all devices
 * @param refusals          controllerId → why its last refused update was refused
 * @param errors            controllerId → the error of its last poll, for devices whose last poll failed
 * @param installCounts     controllerId → how many updates it installed (health check passed or not), for devices that installed any
 */
public record FleetStats(int devices, Map<DeviceState, Integer> states, Map<String, String> installedVersions,
                         long reportsSent, long bytesDownloaded, Map<String, String> refusals, Map<String, String> errors,
                         Map<String, Integer> installCounts) {

    public FleetStats(int devices, Map<DeviceState, Integer> states, Map<String, String> installedVersions, long reportsSent,
                      long bytesDownloaded, Map<String, String> refusals, Map<String, String> errors) {
        this(devices, states, installedVersions, reportsSent, bytesDownloaded, refusals, errors, Map.of());
    }

    public FleetStats {
        Map<DeviceState, Integer> all = new EnumMap<>(DeviceState.class);
        for (DeviceState state : DeviceState.values()) {
            all.put(state, states.getOrDefault(state, 0));
        }
        states = Map.copyOf(all);
        installedVersions = Map.copyOf(installedVersions);
        refusals = Map.copyOf(refusals);
        errors = Map.copyOf(errors);
        installCounts = Map.copyOf(installCounts);
    }

    public int count(DeviceState state) {
        return states.get(state);
    }

    /** Devices whose last action was installed and reported {@code success}. */
    public int installed() {
        return count(DeviceState.INSTALLED);
    }

    /** Devices whose last action was reported {@code failure}: failed health check or refused. */
    public int failed() {
        return count(DeviceState.FAILED) + count(DeviceState.REFUSED);
    }

    /** Devices downloading, verifying or installing right now. */
    public int inProgress() {
        return count(DeviceState.DOWNLOADING) + count(DeviceState.VERIFYING) + count(DeviceState.INSTALLING);
    }
}
