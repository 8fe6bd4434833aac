package io.fleetloop.api.ingestion;

/** How a data source is reached. */
public enum ProtocolType { S3, KAFKA, EDGE_AGENT, HTTP_UPLOAD }
