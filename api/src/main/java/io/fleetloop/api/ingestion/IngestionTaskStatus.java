package io.fleetloop.api.ingestion;

public enum IngestionTaskStatus { CREATED, RUNNING, COMPLETED, FAILED, STOPPED }
