package io.fleetloop.api.behavior;

public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }
