package io.fleetloop.platform.admin;

import io.fleetloop.platform.support.Api;
import io.fleetloop.platform.support.RunningPlatform;
import io.fleetloop.platform.support.SourceBucket;
import io.minio.PutObjectArgs;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Data the console browser tests set up through the public API: model artifacts and a registered fleet. */
final class ConsoleFixtures {

    private ConsoleFixtures() {
    }

    /** Puts 4 KiB named {@code name} (bytes seeded by the name) under the tenant's models; answers its s3:// URI. */
    static String model(RunningPlatform platform, String tenant, String name) throws Exception {
        byte[] artifact = SourceBucket.randomBytes(4096, name.hashCode());
        String key = "tenants/" + tenant + "/models/" + name + ".bin";
        String bucket = platform.property("fleetloop.objectstore.bucket");
        SourceBucket.platformClient().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(artifact), artifact.length, -1).build());
        return "s3://" + bucket + "/" + key;
    }

    /** Registers the devices as vehicles of {@code fleet} on {@code installedVersion}. */
    static void fleet(Api admin, List<String> devices, String fleet, String installedVersion) {
        List<Map<String, Object>> bulk = new ArrayList<>();
        for (String id : devices) {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("deviceId", id);
            device.put("deviceType", "VEHICLE");
            device.put("attributes", Map.of("fleet", fleet));
            device.put("installedVersion", installedVersion);
            device.put("securityToken", "token-" + id + "-0123456789");
            bulk.add(device);
        }
        Api.Response registered = admin.post("/v1/devices/bulk", bulk);
        assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
    }
}
