package io.fleetloop.platform.support;

/** The secret key of the test S3 server: it must never show up in an API response, an event or a log of ours. */
public final class TestSecrets {

    private TestSecrets() {
    }

    public static String secretOf() {
        return TestServers.get().objectStore().secretKey();
    }
}
