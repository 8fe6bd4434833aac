package io.fleetloop.workers.diagnosis;

/** The reasoning step: evidence in, root-cause candidates out (citing retrieved entries by id). */
public interface Diagnoser {
    Reasoning reason(Evidence evidence) throws Exception;
}
