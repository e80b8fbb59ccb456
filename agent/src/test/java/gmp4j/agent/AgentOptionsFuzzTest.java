package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated agent option strings: AgentOptions.parse either accepts them or throws an
 * OptionException with a one-line message, never anything else.
 */
class AgentOptionsFuzzTest {
    private static final List<String> VALID = List.of(
            "gomaxprocs=3,timeslice=2ms,preempt=cooperative,include=com.acme.*;org.x.**,exclude=com.acme.Slow,"
                    + "schedtrace=1s,scheduler=fjp,log=info,strict=false,maxmcount=50",
            "timeslice=500us,schedtrace=0", "preempt=off", "gomaxprocs=1,strict=true", "schedtrace=1m,log=debug");
    /** Pieces a mutation inserts: separators, units, numbers at the edges of int and long, odd characters. */
    private static final List<String> PIECES = List.of(",", "=", ";", "==", ",,", " ", "\t", "\n", "\r", "\0", "µs", "ms",
            "s", "m", "ns", "us", "h", "0", "-1", "2147483648", "9223372036854775807", "99999999999999999999",
            "1e3", "0x10", "+5", "true", "TRUE", "yes", "help", "strict", "gomaxprocs", "timeslice", "é", "\u2028",
            "\uD83D\uDE00", "\uD800", "%n", "${x}", "\\", "'", "\"");

    private static void parsesOrExplainsInOneLine(String args) {
        try {
            AgentOptions.parse(args, new Properties(), Map.of());
        } catch (AgentOptions.OptionException e) {
            String m = e.getMessage();
            assertNotNull(m, "no message for " + printable(args));
            assertFalse(m.isBlank(), "blank message for " + printable(args));
            assertTrue(m.lines().count() == 1 && !m.contains("\r") && !m.contains("\n") && !m.contains("\u2028"),
                    "message of more than one line for " + printable(args) + ": " + printable(m));
        } catch (Throwable t) {
            fail("parse(" + printable(args) + ") threw " + t, t);
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c)));
        return b.append('"').toString();
    }

    @Test
    void randomStringsNeverThrowAnythingButAOneLineOptionException() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(8);
            for (int k = 0; k < n; k++) {
                if (r.nextBoolean()) {
                    b.append(PIECES.get(r.nextInt(PIECES.size())));
                } else {
                    b.append(AgentOptions.KEYS.get(r.nextInt(AgentOptions.KEYS.size())).name()).append('=');
                }
                if (r.nextInt(4) == 0) {
                    b.append((char) r.nextInt(0x3000));
                }
            }
            parsesOrExplainsInOneLine(b.toString());
        }
    }

    @Test
    void mutatedValidStringsNeverThrowAnythingButAOneLineOptionException() {
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(VALID.get(r.nextInt(VALID.size())));
            int mutations = 1 + r.nextInt(4);
            for (int k = 0; k < mutations; k++) {
                int at = r.nextInt(b.length() + 1);
                switch (r.nextInt(3)) {
                    case 0 -> b.insert(at, PIECES.get(r.nextInt(PIECES.size())));
                    case 1 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(5)));
                    default -> {
                        if (at < b.length()) {
                            b.setCharAt(at, (char) r.nextInt(0x80));
                        }
                    }
                }
            }
            parsesOrExplainsInOneLine(b.toString());
        }
    }

    @Test
    void valuesTooLargeForTheirTypeAreBadValuesNamingTheKey() {
        for (String args : List.of("timeslice=99999999999999999m", "timeslice=9223372036854775807s",
                "schedtrace=300000000000000000us", "gomaxprocs=2147483648", "maxmcount=99999999999999999999")) {
            AgentOptions.OptionException e = assertThrows(AgentOptions.OptionException.class,
                    () -> AgentOptions.parse(args, new Properties(), Map.of()), args);
            assertTrue(e.getMessage().startsWith("bad value '"), e.getMessage());
            assertTrue(e.getMessage().contains(" for " + args.substring(0, args.indexOf('='))), e.getMessage());
        }
    }
}
