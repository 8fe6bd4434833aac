package io.fleetloop.api.ota;

/**
 * One device's DDI feedback on one action of a release, as part of {@link RecordDeviceReportsCommand}: a stage it moved
 * to ({@code PROGRESS}: {@code execution}), the final result of its update ({@code UPDATE_RESULT}) or of its rollback
 * ({@code ROLLBACK_RESULT}) with {@code success}. {@code detail} is the device's message, if any.
 */
public record DeviceReport(String deviceId, Type type, ActionKind kind, String execution, boolean success, String detail) {

    public enum Type { PROGRESS, UPDATE_RESULT, ROLLBACK_RESULT }

    public static DeviceReport progress(String deviceId, ActionKind kind, String execution, String detail) {
        return new DeviceReport(deviceId, Type.PROGRESS, kind, execution, false, detail);
    }

    public static DeviceReport result(String deviceId, ActionKind kind, boolean success, String detail) {
        return new DeviceReport(deviceId, kind == ActionKind.ROLLBACK ? Type.ROLLBACK_RESULT : Type.UPDATE_RESULT, kind, null, success, detail);
    }
}
