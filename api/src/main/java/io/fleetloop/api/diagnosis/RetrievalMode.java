package io.fleetloop.api.diagnosis;

/** Hybrid (BM25 and kNN fused by reciprocal rank), or one of the two alone (for evaluation and explanation). */
public enum RetrievalMode { HYBRID, TEXT, VECTOR }
