package io.fleetloop.workers.orchestration.run;

/** A node's attempt failed for a reason the user should read (the run shows it as the node's error). */
class NodeFailure extends Exception {

    private final String log;

    NodeFailure(String message) {
        this(message, null);
    }

    NodeFailure(String message, String log) {
        super(message);
        this.log = log;
    }

    String log() {
        return log;
    }
}
