package io.fleetloop.api.annotation;

/** PENDING_REVIEW → APPROVED | REJECTED; a correction of a rejected result puts it back to PENDING_REVIEW. */
public enum ResultStatus { PENDING_REVIEW, REJECTED, APPROVED }
