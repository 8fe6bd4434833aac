package io.fleetloop.edge.ota;

import java.io.IOException;

/** The server answered a DDI call with an error status; the message says what the device should check. */
public final class DdiException extends IOException {

    private final int status;

    DdiException(int status, String message) {
        super(message);
        this.status = status;
    }

    static DdiException of(int status, String method, String uri, String body, DdiAuth auth) {
        String hint = switch (status) {
            case 401 -> "401 Unauthorized: the server refused the " + auth.scheme()
                    + " (wrong or missing token, or a token of another tenant/device)";
            case 403 -> "403 Forbidden: the " + auth.scheme() + " may not act for this device";
            case 404 -> "404 Not Found: unknown tenant, unregistered controllerId or unknown resource";
            default -> status + " from server";
        };
        String excerpt = body == null || body.isBlank() ? "" : " — " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        return new DdiException(status, hint + " (" + method + " " + uri + ")" + excerpt);
    }

    public int status() {
        return status;
    }
}
