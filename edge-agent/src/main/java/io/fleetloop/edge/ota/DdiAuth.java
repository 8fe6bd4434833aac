package io.fleetloop.edge.ota;

/** The DDI {@code Authorization} header: the device's own TargetToken or a tenant's GatewayToken. */
public record DdiAuth(String scheme, String token) {

    public static DdiAuth targetToken(String token) {
        return new DdiAuth("TargetToken", token);
    }

    public static DdiAuth gatewayToken(String token) {
        return new DdiAuth("GatewayToken", token);
    }

    public String header() {
        return scheme + " " + token;
    }

    @Override
    public String toString() {
        return scheme + " ****";
    }
}
