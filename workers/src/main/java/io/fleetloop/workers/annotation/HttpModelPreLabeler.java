package io.fleetloop.workers.annotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.api.annotation.AnnotationType;
import io.fleetloop.api.annotation.Label;
import io.fleetloop.api.annotation.PreLabelConfig;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A model behind HTTP (docs/annotation.md): {@code POST <endpoint>} with the asset's bytes as
 * {@code application/octet-stream} and headers {@code X-Fleetloop-Asset-Id}, {@code X-Fleetloop-Annotation-Type};
 * answers {@code {"labels":[{"category":..,"confidence":..,"box2d":{..}|"box3d":{..}}]}}. Non-2xx is a failure
 * (the job retries with back-off).
 */
@Component
class HttpModelPreLabeler implements PreLabeler {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json;

    HttpModelPreLabeler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public PreLabelConfig.Labeler kind() {
        return PreLabelConfig.Labeler.HTTP;
    }

    @Override
    public String name(PreLabelConfig config) {
        return "http:" + config.endpoint();
    }

    @Override
    public List<Label> label(String assetId, InputStream content, long size, AnnotationType type, PreLabelConfig config)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.endpoint())).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/octet-stream").header("Accept", "application/json")
                .header("X-Fleetloop-Asset-Id", assetId).header("X-Fleetloop-Annotation-Type", type.name())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> content)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("model endpoint answered " + response.statusCode() + " for asset " + assetId);
        }
        JsonNode labels = json.readTree(response.body()).path("labels");
        if (!labels.isArray()) throw new IOException("model endpoint answer has no \"labels\" array");
        List<Label> result = new ArrayList<>();
        for (JsonNode node : labels) {
            Label label = json.treeToValue(node, Label.class);
            if (label.confidence() >= config.minConfidence()) result.add(label);
        }
        return result;
    }
}
