package io.fleetloop.edge.ota;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * What a simulated {@link Fleet} is: where it polls, as whom, how many devices with which ids and type, how often
 * their health check fails, how fast they poll, and how many threads carry them.
 *
 * @param publicKeyPem  the platform's signing key (PEM); null fetches it from {@code publicKeyUrl} (trust on first use)
 * @param publicKeyUrl  where to fetch the key when no PEM is given; null means {@code {server}/.well-known/ota-signing-key.pem}
 * @param pollInterval  the sleep between a device's polls; null honours the server's {@code config.polling.sleep}
 * @param failureRate   the probability that a device fails the health check of an action ({@link #failsHealthCheck})
 */
public record FleetOptions(URI server, String tenant, String gatewayToken, String publicKeyPem, URI publicKeyUrl,
                           int devices, String idPrefix, int idWidth, String deviceType, double failureRate,
                           Duration pollInterval, int threads, long seed) {

    public FleetOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(gatewayToken, "gatewayToken");
        if (devices < 1) {
            throw new IllegalArgumentException("devices must be at least 1, was " + devices);
        }
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("failureRate must be within [0, 1], was " + failureRate);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (idWidth < 0 || idWidth > 18) {
            throw new IllegalArgumentException("idWidth must be within [0, 18], was " + idWidth);
        }
        idPrefix = idPrefix == null ? "" : idPrefix;
        deviceType = deviceType == null ? "VEHICLE" : deviceType;
    }

    /** Defaults: ids dev-00001…, VEHICLE, failure rate 0.05, the server's polling sleep, 16 threads, seed 42, key from the server. */
    public static FleetOptions of(URI server, String tenant, String gatewayToken, int devices) {
        return new FleetOptions(server, tenant, gatewayToken, null, null, devices, "dev-", 5, "VEHICLE", 0.05, null, 16, 42);
    }

    public FleetOptions withPublicKeyPem(String pem) {
        return new FleetOptions(server, tenant, gatewayToken, pem, publicKeyUrl, devices, idPrefix, idWidth, deviceType, failureRate, pollInterval, threads, seed);
    }

    public FleetOptions withPublicKeyUrl(URI url) {
        return new FleetOptions(server, tenant, gatewayToken, publicKeyPem, url, devices, idPrefix, idWidth, deviceType, failureRate, pollInterval, threads, seed);
    }

    public FleetOptions withIds(String prefix, int width) {
        return new FleetOptions(server, tenant, gatewayToken, publicKeyPem, publicKeyUrl, devices, prefix, width, deviceType, failureRate, pollInterval, threads, seed);
    }

    public FleetOptions withDeviceType(String type) {
        return new FleetOptions(server, tenant, gatewayToken, publicKeyPem, publicKeyUrl, devices, idPrefix, idWidth, type, failureRate, pollInterval, threads, seed);
    }

    public FleetOptions withFailureRate(double rate) {
        return new FleetOptions(server, tenant, gatewayToken, publicKeyPem, publicKeyUrl, devices, idPrefix, idWidth, deviceType, rate, pollInterval, threads, seed);
    }

    public FleetOptions withPollInterval(Duration interval) {
        return new FleetOptions(server, tenant, gatewayToken, publicKeyPem, publicKeyUrl, devices, idPrefix, idWidth, deviceType, failureRate, interval, threads, seed);
    }

    public FleetOptions withThreads(int count) {
        return new FleetOptions(server, tenant, gatewayToken, publicKeyPem, publicKeyUrl, devices, idPrefix, idWidth, deviceType, failureRate, pollInterval, count, seed);
    }

    public FleetOptions withSeed(long value) {
        return new FleetOptions(server, tenant, gatewayToken, publicKeyPem, publicKeyUrl, devices, idPrefix, idWidth, deviceType, failureRate, pollInterval, threads, value);
    }

    /** The controllerId of device {@code index} (1-based): prefix + zero-padded index, e.g. dev-00001. */
    public String controllerId(int index) {
        String number = Integer.toString(index);
        return idPrefix + "0".repeat(Math.max(0, idWidth - number.length())) + number;
    }

    public URI signingKeyUrl() {
        return publicKeyUrl != null ? publicKeyUrl : URI.create(server.toString().replaceAll("/+$", "") + "/.well-known/ota-signing-key.pem");
    }

    /**
     * Whether the simulated device fails its health check for the action: a uniform number in [0, 1) derived from
     * sha256(seed|controllerId|actionId) is below the failure rate. Deterministic, so a test or a benchmark can
     * compute the expected failures without running the fleet.
     */
    public boolean failsHealthCheck(String controllerId, String actionId) {
        byte[] hash = DownloadSink.sha256().digest((seed + "|" + controllerId + "|" + actionId).getBytes(StandardCharsets.UTF_8));
        double uniform = (ByteBuffer.wrap(hash).getLong() >>> 11) / (double) (1L << 53);
        return uniform < failureRate;
    }
}
