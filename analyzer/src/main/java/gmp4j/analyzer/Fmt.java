/*
 * Fmt: how figures are written for people: durations the way Go prints time.Duration, rounded to
 * three or four significant digits ("950ns", "12.3us", "4.56ms", "1.234s", "2ms"), fractions as percent,
 * and "n/a" for -1 (not meaningful in this arm).
 */
package gmp4j.analyzer;

import java.util.Locale;

final class Fmt {
    private Fmt() {
    }

    static String duration(double ns) {
        if (ns < 0) {
            return "n/a";
        }
        if (ns < 1_000) {
            return String.format(Locale.ROOT, "%.0fns", ns);
        }
        if (ns < 1_000_000) {
            return trim(ns / 1e3) + "us";
        }
        if (ns < 1_000_000_000) {
            return trim(ns / 1e6) + "ms";
        }
        return trim(ns / 1e9) + "s";
    }

    /** Three or four significant digits, without trailing zeros ("1ms", not "1.000ms"). */
    private static String trim(double v) {
        String s = String.format(Locale.ROOT, v >= 100 ? "%.1f" : v >= 10 ? "%.2f" : "%.3f", v);
        return s.replaceFirst("\\.?0+$", "");
    }

    static String count(long n) {
        return n < 0 ? "n/a" : Long.toString(n);
    }

    static String percent(double f) {
        return f < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", f * 100);
    }

    static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }
}
