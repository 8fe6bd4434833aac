package io.fleetloop.query.governance.masking;

/** What a caller below a rule's level sees instead of the clear value. */
public enum MaskingStrategy {
    /** All but the last {@code keep-last} characters become {@code *}. */
    MASK,
    /** {@code h:} + the first 16 hex digits of an HMAC-SHA256 with the installation's key: joinable, not reversible. */
    HASH,
    /** Numbers (and numeric strings) rounded down to {@code decimals} decimals; other text cut to {@code length} characters + {@code …}. */
    TRUNCATE,
    /** {@code null}. */
    REDACT
}
