package dev.smtconsole.domain;

import java.time.Instant;

/**
 * A stored device value that is not a counter (a peak temperature): as the device posted it, with
 * the machine and job it named and the integration message it came with.
 */
public record DeviceValueRow(long messageId, Instant collectedAt, String spec, Double number, String text, Boolean bool,
                             String json, String unit, String machineCode, String jobNo) {

    /** The value as text, whichever of number, text, true/false or JSON the device posted. */
    public String valueText() {
        if (number != null) {
            double d = number;
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        if (text != null) return text;
        if (bool != null) return bool.toString();
        return json == null ? "" : json;
    }
}
