package io.fleetloop.ddi.json.model;

import java.util.Map;
import java.util.Optional;

/** Reading a resource's {@code _links}: a relation's href, when the server gave a non-blank one. */
final class DdiLinks {

    private DdiLinks() {
    }

    static Optional<String> href(Map<String, DdiLink> links, String rel) {
        return Optional.ofNullable(links).map(l -> l.get(rel)).map(DdiLink::href).filter(h -> !h.isBlank());
    }
}
