/*
 * LatencyThreshold: a JFR setting control for GoStart's latencyThreshold: a duration such as
 * "5 ms" (JFR's own notation, also "5ms"; "0 ns" keeps every event). When several recordings
 * ask for different values, the lowest wins, so each gets at least the events it asked for.
 * JFR calls setValue from its own thread while events are committed elsewhere: the value is
 * volatile.
 */
package gmp4j.runtime.trace;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.SettingControl;

public final class LatencyThreshold extends SettingControl {
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ns|us|ms|s)?\\s*");

    private volatile String text = "0 ns";
    private volatile long nanos;

    long nanos() {
        return nanos;
    }

    /** Nanoseconds in a duration text, or -1 if it is not one. */
    static long parse(String s) {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ns" : m.group(2);
        return switch (unit) {
            case "us" -> n * 1_000;
            case "ms" -> n * 1_000_000;
            case "s" -> n * 1_000_000_000;
            default -> n;
        };
    }

    @Override
    public String combine(Set<String> values) {
        String best = null;
        long min = Long.MAX_VALUE;
        for (String v : values) {
            long n = parse(v);
            if (n >= 0 && n < min) {
                min = n;
                best = v;
            }
        }
        return best != null ? best : "0 ns";
    }

    @Override
    public void setValue(String value) {
        long n = parse(value);
        if (n >= 0) {
            nanos = n;
            text = value;
        }
    }

    @Override
    public String getValue() {
        return text;
    }
}
