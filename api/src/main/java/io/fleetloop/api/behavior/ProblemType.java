package io.fleetloop.api.behavior;

/** Seed 000 §4 step 4: the root-cause segments an engineer attributes a problem to. */
public enum ProblemType { PERCEPTION, DECISION, CONTROL, DEVICE }
