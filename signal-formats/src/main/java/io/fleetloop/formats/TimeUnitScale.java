package io.fleetloop.formats;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The unit of a timestamp column or field in text formats, converted exactly (no double rounding) to nanoseconds. */
public enum TimeUnitScale {
    SECONDS(9), MILLISECONDS(6), MICROSECONDS(3), NANOSECONDS(0);

    private final int nanoDigits;

    TimeUnitScale(int nanoDigits) {
        this.nanoDigits = nanoDigits;
    }

    /** Parses "1436509052.249713" (or an integer) in this unit; throws NumberFormatException with the text. */
    public long toNanos(String text) {
        try {
            return new BigDecimal(text.strip()).movePointRight(nanoDigits).setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new NumberFormatException("not a timestamp in " + name().toLowerCase() + ": '" + text + "'");
        }
    }
}
