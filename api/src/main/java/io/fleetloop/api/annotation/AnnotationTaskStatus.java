package io.fleetloop.api.annotation;

/** CREATED → PRELABELING → IN_REVIEW → COMPLETED (all results approved); a failed pre-labeling returns to CREATED. */
public enum AnnotationTaskStatus { CREATED, PRELABELING, IN_REVIEW, COMPLETED }
