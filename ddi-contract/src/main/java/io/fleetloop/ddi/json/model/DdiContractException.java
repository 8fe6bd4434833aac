package io.fleetloop.ddi.json.model;

/**
 * A DDI document that breaks the contract: {@code field} is the JSON path of the offending value (e.g.
 * {@code status.execution}), {@code expected} says what the contract allows. The server answers it with 400.
 */
public final class DdiContractException extends IllegalArgumentException {

    private final String field;
    private final String expected;

    public DdiContractException(String field, String expected) {
        super(field + ": expected " + expected);
        this.field = field;
        this.expected = expected;
    }

    public String field() {
        return field;
    }

    public String expected() {
        return expected;
    }
}
