/*
 * HogThreshold: the JFR setting control for Hog's hogThreshold (.jfc control gmp4j-hog-threshold):
 * a duration in JFR's notation, default 20 ms (two of gmp4j's default 10 ms time slices). When
 * several recordings ask for different values the lowest wins, so each catches at least the hogs
 * it asked for. The value is read by the watchers (sysmon, HeldRuns' thread), not by commit(), so
 * setValue publishes it in a static volatile that they read on each round.
 */
package gmp4j.runtime.trace;

import java.util.Set;
import jdk.jfr.SettingControl;

public final class HogThreshold extends SettingControl {
    static final long DEFAULT_NANOS = 20_000_000;
    private static volatile long nanos = DEFAULT_NANOS;
    private volatile String text = "20 ms";

    /** The threshold in force (the watchers' view). */
    static long nanos() {
        return nanos;
    }

    @Override
    public String combine(Set<String> values) {
        String best = null;
        long min = Long.MAX_VALUE;
        for (String v : values) {
            long n = LatencyThreshold.parse(v);
            if (n > 0 && n < min) {
                min = n;
                best = v;
            }
        }
        return best != null ? best : "20 ms";
    }

    @Override
    public void setValue(String value) {
        long n = LatencyThreshold.parse(value);
        if (n > 0) {
            nanos = n;
            text = value;
        }
    }

    @Override
    public String getValue() {
        return text;
    }
}
