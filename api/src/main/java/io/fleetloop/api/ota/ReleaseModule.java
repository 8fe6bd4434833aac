package io.fleetloop.api.ota;

/**
 * A software module a release ships next to its main artifact (hawkBit: one more chunk of the distribution), e.g. the
 * application or model beside an OS image. {@code part} is hawkBit's chunk part ({@code os}, {@code app}, {@code bApp},
 * ...), {@code name} the chunk's name, {@code versionId} the module's own version.
 */
public record ReleaseModule(String part, String name, String versionId, ArtifactRef artifact) {
}
