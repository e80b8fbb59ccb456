/*
 * AgentOptions: the agent's settings, from (lowest to highest precedence) the defaults, the
 * GOMAXPROCS environment variable (as in Go), -Dgmp4j.<key>=... system properties, and the agent
 * argument string `key=value,key=value` (-javaagent:gmp4j-agent.jar=gomaxprocs=2,schedtrace=1s).
 *
 * gomaxprocs, when none of those sets it, is the parallelism the JDK would give its own pool: the
 * jdk.virtualThreadScheduler.parallelism property or the CPU count, capped by
 * jdk.virtualThreadScheduler.maxPoolSize when that is set (the JDK's createDefaultScheduler does
 * the same), so that an app tuned for the JDK's scheduler keeps its setting. The JDK's other
 * knobs do not carry over: maxPoolSize (the most carriers, blocked ones included) is not taken
 * as maxmcount, because exceeding maxmcount stops the JVM as in Go while exceeding maxPoolSize
 * only makes the JDK stop adding carriers; minRunnable (how many carriers the JDK keeps runnable
 * while others block) has no counterpart, since handoffp gives a blocked carrier's P to another
 * M and so keeps all GOMAXPROCS Ps running.
 *
 * Every problem is reported as one line that names the key and the valid choices (what the user
 * typed is echoed with control characters escaped, so the line stays one line); the caller
 * decides whether that aborts start-up (strict) or leaves the app on the JDK's scheduler.
 */
package gmp4j.agent;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public record AgentOptions(
        int gomaxprocs,
        Duration timeslice,
        String preempt,
        List<String> include,
        List<String> exclude,
        Duration schedtrace,
        String scheduler,
        String log,
        boolean strict,
        int maxmcount,
        String record,
        String profile,
        Flight flight,
        Duration wakepreempt) {

    /**
     * The flight recorder (FlightRecorder): on when threshold is not zero. The trace profile is
     * kept for maxAge; a scheduling latency above threshold writes it to a file in dir, at most
     * once per cooldown.
     */
    public record Flight(Duration threshold, Duration maxAge, Duration cooldown, Path dir) {
        boolean on() {
            return !threshold.isZero();
        }
    }

    /** One option: its key, what it takes, its default, and what it does (for =help). */
    record Key(String name, String takes, String byDefault, String help) {}

    static final List<Key> KEYS = List.of(
            new Key("gomaxprocs", "a positive integer",
                    "GOMAXPROCS, else -Djdk.virtualThreadScheduler.parallelism (at most its maxPoolSize), else the number of CPUs",
                    "number of Ps: virtual threads running at once"),
            new Key("timeslice", "a duration (e.g. 10ms)", "10ms",
                    "how long a virtual thread may run before sysmon asks it to yield"),
            new Key("preempt", "off|cooperative|full", "full",
                    "checks injected into application code: off; cooperative (method entries); full (entries and loops)"),
            new Key("include", "class-name globs separated by ';'", "(all application classes)",
                    "only these classes get preemption checks (* = within a package, ** = any depth: com.acme.**)"),
            new Key("exclude", "class-name globs separated by ';'", "(none)",
                    "classes that never get preemption checks"),
            new Key("schedtrace", "a duration (e.g. 1s), or 0 for off", "0",
                    "print a Go-style SCHED line to stderr this often"),
            new Key("scheduler", "gmp|fjp", "gmp",
                    "gmp: run virtual threads on gmp4j; fjp: keep the JDK's ForkJoinPool"),
            new Key("log", "warn|info|debug", "warn", "how much the agent says on stderr"),
            new Key("strict", "true|false", "false",
                    "abort start-up on any problem instead of running on the JDK's scheduler"),
            new Key("maxmcount", "a positive integer", "10000", "most carrier threads (Go's maxmcount)"),
            new Key("record", "a file name (.jfr)", "(no recording)",
                    "record JFR events from start-up and write them to this file at exit"),
            new Key("profile", "gmp4j|trace|PATH of a .jfc file", "gmp4j",
                    "settings of record=: gmp4j (low overhead), trace (every gmp4j event) or your own"),
            new Key("flightrecorder", "a duration (e.g. 50ms), or 0 for off", "0",
                    "keep the trace profile in memory and write it to a file when a virtual thread waits this long to run"),
            new Key("flightmaxage", "a duration", "30s", "how much of the past the flight recorder keeps"),
            new Key("flightcooldown", "a duration, or 0", "1m", "least time between two flight recorder dumps"),
            new Key("flightdir", "a directory", "(the working directory)", "where flight recorder dumps are written"),
            new Key("wakepreempt", "a duration (e.g. 1ms), or 0 for off", "1ms",
                    "a woken virtual thread preempts one that ran this long, when every P is busy (not in Go)"));

    /** A bad option, with the one line that explains it. */
    public static final class OptionException extends Exception {
        final boolean strict;

        OptionException(String message, boolean strict) {
            super(message);
            this.strict = strict;
        }
    }

    static boolean isHelp(String agentArgs) {
        return agentArgs != null && (agentArgs.trim().equals("help") || agentArgs.trim().equals("--help"));
    }

    public static AgentOptions parse(String agentArgs, Properties sysprops, Map<String, String> env)
            throws OptionException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Key k : KEYS) {
            String v = sysprops.getProperty("gmp4j." + k.name());
            if (v != null) {
                values.put(k.name(), v.trim());
            }
        }
        List<String> problems = new ArrayList<>();
        if (agentArgs != null && !agentArgs.isBlank()) {
            for (String part : agentArgs.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String key = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                if (eq < 0) {
                    problems.add("option '" + shown(key) + "' needs a value (" + shown(key) + "=...)");
                } else {
                    values.put(key, part.substring(eq + 1).trim());
                }
            }
        }
        boolean strict = "true".equalsIgnoreCase(values.getOrDefault("strict", "false"));
        for (String key : values.keySet()) {
            if (KEYS.stream().noneMatch(k -> k.name().equals(key))) {
                problems.add("unknown option '" + shown(key) + "' (valid: " + validKeys() + "; =help lists them)");
            }
        }
        if (!problems.isEmpty()) {
            throw new OptionException(problems.getFirst(), strict);
        }
        try {
            String envProcs = env.get("GOMAXPROCS");
            int gomaxprocs;
            if (values.containsKey("gomaxprocs")) {
                gomaxprocs = positiveInt("gomaxprocs", values.get("gomaxprocs"));
            } else if (envProcs != null) {
                gomaxprocs = positiveInt("GOMAXPROCS (environment)", envProcs);
            } else {
                gomaxprocs = jdkParallelism(sysprops);
            }
            return new AgentOptions(
                    gomaxprocs,
                    duration("timeslice", values.getOrDefault("timeslice", "10ms"), false),
                    choice("preempt", values.getOrDefault("preempt", "full"), "off", "cooperative", "full"),
                    globs(values.get("include")),
                    globs(values.get("exclude")),
                    duration("schedtrace", values.getOrDefault("schedtrace", "0"), true),
                    choice("scheduler", values.getOrDefault("scheduler", "gmp"), "gmp", "fjp"),
                    choice("log", values.getOrDefault("log", "warn"), "warn", "info", "debug"),
                    Boolean.parseBoolean(choice("strict", values.getOrDefault("strict", "false"), "true", "false")),
                    values.containsKey("maxmcount") ? positiveInt("maxmcount", values.get("maxmcount")) : 10_000,
                    recordFile(values.getOrDefault("record", "")),
                    profile(values.getOrDefault("profile", "gmp4j")),
                    new Flight(duration("flightrecorder", values.getOrDefault("flightrecorder", "0"), true),
                            duration("flightmaxage", values.getOrDefault("flightmaxage", "30s"), false),
                            duration("flightcooldown", values.getOrDefault("flightcooldown", "1m"), true),
                            directory("flightdir", values.getOrDefault("flightdir", "."))),
                    duration("wakepreempt", values.getOrDefault("wakepreempt", "1ms"), true));
        } catch (IllegalArgumentException e) {
            throw new OptionException(e.getMessage(), strict);
        }
    }

    static final String JDK_PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    static final String JDK_MAX_POOL_SIZE = "jdk.virtualThreadScheduler.maxPoolSize";

    /**
     * The parallelism the JDK's own scheduler would have (VirtualThread.createDefaultScheduler):
     * the parallelism property or the CPU count, capped by maxPoolSize if that is set.
     */
    private static int jdkParallelism(Properties sysprops) {
        String parallelism = sysprops.getProperty(JDK_PARALLELISM);
        String maxPoolSize = sysprops.getProperty(JDK_MAX_POOL_SIZE);
        int n = parallelism != null ? positiveInt(JDK_PARALLELISM, parallelism.trim())
                : Runtime.getRuntime().availableProcessors();
        if (maxPoolSize != null) {
            n = Math.min(n, positiveInt(JDK_MAX_POOL_SIZE, maxPoolSize.trim()));
        }
        return n;
    }

    static String validKeys() {
        return String.join(", ", KEYS.stream().map(Key::name).toList());
    }

    /** The text of =help. */
    static String help() {
        StringBuilder b = new StringBuilder();
        b.append("gmp4j agent options: -javaagent:gmp4j-agent.jar=key=value,key=value\n");
        b.append("(each also as -Dgmp4j.<key>=value; gomaxprocs also from the GOMAXPROCS environment variable,"
                + " else from -D" + JDK_PARALLELISM + ")\n\n");
        for (Key k : KEYS) {
            b.append(String.format("  %-14s %s%n  %-14s   takes %s; default %s%n", k.name(), k.help(), "", k.takes(),
                    k.byDefault()));
        }
        return b.toString();
    }

    private static int positiveInt(String key, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("bad value '" + shown(v) + "' for " + key + ": expected a positive integer");
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ns|us|µs|ms|s|m)?");

    private static Duration duration(String key, String v, boolean zeroAllowed) {
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches() && m.group(1).length() <= 18) { // at most 18 digits: parses as a long
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            if (unit == null && n != 0) {
                throw new IllegalArgumentException("bad value '" + shown(v) + "' for " + key
                        + ": give a unit (ns, us, ms, s, m), e.g. 10ms");
            }
            Duration d = switch (unit == null ? "ns" : unit) {
                case "ns" -> Duration.ofNanos(n);
                case "us", "µs" -> Duration.of(n, java.time.temporal.ChronoUnit.MICROS); // no overflow
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
            if ((!d.isZero() || zeroAllowed) && fitsInNanos(d)) {
                return d;
            }
        }
        throw new IllegalArgumentException("bad value '" + shown(v) + "' for " + key + ": expected a duration such as 10ms"
                + (zeroAllowed ? " or 0" : ""));
    }

    /** A directory that exists. */
    private static Path directory(String key, String v) {
        Path dir = path(v);
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("bad value '" + shown(v) + "' for " + key + ": expected an existing directory");
        }
        return dir.toAbsolutePath();
    }

    /** record=FILE: a file to create, in a directory that exists; "" for none. */
    private static String recordFile(String v) {
        if (v.isEmpty()) {
            return v;
        }
        Path file = path(v);
        Path dir = file == null ? null : file.toAbsolutePath().getParent();
        if (dir == null || Files.isDirectory(file) || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("bad value '" + shown(v) + "' for record: expected a file name in an"
                    + " existing directory, e.g. record=app.jfr");
        }
        return v;
    }

    /** v as a path, or null if it cannot be one (a NUL character, say). */
    private static Path path(String v) {
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** profile=gmp4j|trace or the path of a readable file. */
    private static String profile(String v) {
        if (v.equalsIgnoreCase("gmp4j") || v.equalsIgnoreCase("trace")) {
            return v.toLowerCase(Locale.ROOT);
        }
        Path file = path(v);
        if (file == null || !Files.isReadable(file) || Files.isDirectory(file)) {
            throw new IllegalArgumentException("bad value '" + shown(v) + "' for profile: expected gmp4j|trace or the"
                    + " path of a readable .jfc file");
        }
        return v;
    }

    private static String choice(String key, String v, String... valid) {
        for (String c : valid) {
            if (c.equalsIgnoreCase(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException("bad value '" + shown(v) + "' for " + key + ": expected "
                + String.join("|", valid));
    }

    /** The scheduler takes durations in nanoseconds (a long: at most about 292 years). */
    private static boolean fitsInNanos(Duration d) {
        try {
            d.toNanos();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /** What the user typed, with control characters and line breaks escaped: messages stay one line. */
    static String shown(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static List<String> globs(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return List.of(v.split(";")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
