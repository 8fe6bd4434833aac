package io.fleetloop.query.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The processing groups whose read models an endpoint serves. A request carrying {@code X-Fleetloop-Consistency}
 * (the {@code X-Fleetloop-Position} a command answered) waits until these processors have passed that position.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ReadsFrom {
    String[] value();
}
