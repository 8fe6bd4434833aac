package io.fleetloop.api.metering;

/** The contexts of the closed loop, as the cost dashboard groups them. */
public enum LoopContext {
    /** ingestion */
    ING,
    /** catalog (storage) */
    CAT,
    /** annotation (pre-labeling, exports) */
    ANN,
    /** simulation */
    SIM,
    /** behaviour analysis */
    BHV,
    /** OTA */
    OTA
}
