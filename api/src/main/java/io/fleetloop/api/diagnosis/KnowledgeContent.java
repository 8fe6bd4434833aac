package io.fleetloop.api.diagnosis;

import java.util.List;

/**
 * What a knowledge-base entry says: the error code it explains, a title, symptoms, causes and fixes, and where it
 * applies (vehicle platforms and a firmware range such as {@code >=2.1.0 <3.0.0} or {@code [2.1.0,3.0.0)};
 * see {@link FirmwareRange}). Retrieval never cites an entry outside its platforms or firmware range.
 */
public record KnowledgeContent(String errorCode, String title, String symptoms, String causes, String fixes,
                               List<String> vehiclePlatforms, String firmwareRange) {
    public KnowledgeContent {
        vehiclePlatforms = vehiclePlatforms == null ? List.of() : List.copyOf(vehiclePlatforms);
    }
}
