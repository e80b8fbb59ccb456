package gmp4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample runs in a child JVM from gmp4j-samples.jar, with tiny durations and sizes, once on
 * the JDK's pool and once under -javaagent:gmp4j-agent.jar, and must exit 0 with one parseable
 * GMP4J-RESULT line holding its keys. Figures are checked for consistency, never for speed.
 */
class SamplesIT {

    private static final String[] LATENCY = {"_p50_us", "_p99_us", "_p999_us", "_max_us", "_n", "_cdf"};

    /** A sample's tiny run: its arguments and the figures its result must have. */
    record Case(String name, List<String> args, List<String> keys) {
        static Case of(String name, String args, String figures, String... latencies) {
            List<String> keys = new ArrayList<>(List.of("scenario", "carrier"));
            keys.addAll(List.of(figures.split(" ")));
            for (String l : latencies) {
                for (String suffix : LATENCY) {
                    keys.add(l + suffix);
                }
            }
            return new Case(name, List.of(args.split(" ")), keys);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<String> coverage = new ArrayList<>(List.of("window_ms", "hogs", "preempted_shapes"));
        for (HogShape s : HogShape.values()) {
            String k = s.kebab.replace('-', '_');
            coverage.addAll(List.of(k + "_wakeups", k + "_preempted", k + "_p99_us", k + "_max_us"));
        }
        return Stream.of(
                Case.of("hog-latency", "--duration 200ms --warmup 50ms", "duration_ms warmup_ms hogs shape hogs_started wakeups wakeups_per_s", "lateness"),
                Case.of("preemption-coverage", "--window 60ms --sort-size 20000", String.join(" ", coverage)),
                Case.of("ping-pong", "--duration 200ms --warmup 50ms --threads 3",
                        "threads round_trips round_trips_per_s hops_per_s hop_mean_us", "round_trip"),
                Case.of("skynet", "--size 1000 --reps 2 --warmups 1", "size reps warmups threads time_ms_mean time_ms_min time_ms_max times_ms"),
                Case.of("fan-out", "--duration 200ms --warmup 50ms --fanout 10", "clients fanout requests requests_per_s subtasks_per_s errors", "latency"),
                Case.of("http", "--duration 300ms --warmup 100ms --clients 4 --mixed --heavy-percent 50 --heavy-ms 2",
                        "clients mixed requests requests_per_s errors heavy_requests", "light", "heavy"),
                Case.of("file-io", "--duration 200ms --threads 2 --file-size 262144",
                        "threads ops ops_per_s mb_per_s probe_wakeups", "read", "write", "probe_lateness"),
                Case.of("sleep-storm", "--threads 500 --rounds 2 --max 10ms", "threads rounds sleeps total_ms spawn_ms", "lateness"),
                // serves nothing here (ServerIT sends it requests): it must stop by itself after --duration
                Case.of("server", "--server jdk --duration 300ms", "server port served_ms hello_served sleep_served io_served"
                        + " cpu_served served not_found bad_requests failures platform_thread_handlers handler_carrier"));
    }

    static Stream<Arguments> casesOnBothSchedulers() {
        return cases().flatMap(c -> Stream.of(Arguments.of(c, "jdk"), Arguments.of(c, "agent")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("casesOnBothSchedulers")
    void everySampleExitsZeroWithOneResultLineHoldingItsKeys(Case c, String scheduler) throws Exception {
        boolean agent = scheduler.equals("agent");
        SampleRun r = SampleRun.sample(agent ? SampleRun.underTheAgent() : SampleRun.onTheJdkPool(), c.name(),
                c.args().toArray(String[]::new));
        JsonNode json = r.result();
        for (String key : c.keys()) {
            assertTrue(json.has(key), "no " + key + "\n" + r);
        }
        assertEquals(c.name(), json.get("scenario").asText(), r::toString);
        String carrier = json.get("carrier").asText();
        assertTrue(agent ? carrier.equals("gmp4j-m") : carrier.startsWith("ForkJoinPool"), "carrier " + carrier + "\n" + r);
        assertConsistent(c.name(), json, r);
    }

    /** What each sample's figures must satisfy whatever the machine's speed. */
    private static void assertConsistent(String name, JsonNode json, SampleRun r) {
        switch (name) {
            case "hog-latency" -> assertEquals(2, json.get("hogs_started").asLong(), "both hogs run on two carriers\n" + r);
            case "preemption-coverage" -> {
                long yes = 0;
                for (HogShape s : HogShape.values()) {
                    String k = s.kebab.replace('-', '_');
                    boolean woke = json.get(k + "_wakeups").asLong() > 0;
                    assertEquals(woke ? "yes" : "no", json.get(k + "_preempted").asText(), k + "\n" + r);
                    yes += woke ? 1 : 0;
                }
                assertEquals(yes, json.get("preempted_shapes").asLong(), r::toString);
            }
            case "ping-pong" -> {
                assertEquals(3, json.get("threads").asInt(), r::toString);
                assertTrue(json.get("round_trips").asLong() > 0, r::toString);
            }
            case "skynet" -> {
                assertEquals(1111, json.get("threads").asLong(), r::toString);
                assertEquals(2, json.get("times_ms").asText().split(" ").length, r::toString);
            }
            case "fan-out" -> {
                assertEquals(0, json.get("errors").asLong(), r::toString);
                assertTrue(json.get("requests").asLong() > 0, r::toString);
            }
            case "http" -> {
                assertEquals(0, json.get("errors").asLong(), r::toString);
                assertTrue(json.get("requests").asLong() >= json.get("heavy_requests").asLong(), r::toString);
                assertTrue(json.get("requests").asLong() > 0, r::toString);
            }
            case "file-io" -> {
                assertTrue(json.get("ops").asLong() > 0, r::toString);
                assertEquals(0, json.get("ops").asLong() % 2, "every write is paired with a read\n" + r);
            }
            case "sleep-storm" -> assertEquals(500 * 2, json.get("sleeps").asLong(), "every sleep is recorded\n" + r);
            case "server" -> {
                assertTrue(json.get("served_ms").asLong() >= 300, "served for its duration\n" + r);
                assertEquals(0, json.get("served").asLong(), r::toString);
                assertTrue(r.out().startsWith(Server.LISTENING), "the port comes first\n" + r);
            }
            default -> throw new AssertionError("no checks for " + name);
        }
    }

    @Test
    void helpListsEverySampleAndExitsZero() throws Exception {
        SampleRun r = SampleRun.run(List.of(), Samples.class.getName(), List.of("--help"));
        assertEquals(0, r.exit(), r::toString);
        cases().forEach(c -> assertTrue(r.out().contains(c.name()), c.name() + " not listed\n" + r));
    }

    @Test
    void aSampleRunsFromItsOwnMainClassToo() throws Exception {
        SampleRun r = SampleRun.run(SampleRun.onTheJdkPool(), PingPong.class.getName(),
                List.of("--duration", "100ms", "--warmup", "0s"));
        assertEquals("ping-pong", r.result().get("scenario").asText());
    }

    @Test
    void misuseIsOneLineOnStderrWithExitCode2() throws Exception {
        List<List<String>> misuses = List.of(
                List.of("ping-pong", "--bogus"),
                List.of("ping-pong", "--duration", "soon"),
                List.of("ping-pong", "--threads", "1"),
                List.of("skynet", "--size", "999"),
                List.of("no-such-sample"),
                List.of());
        for (List<String> args : misuses) {
            SampleRun r = SampleRun.run(List.of(), Samples.class.getName(), args);
            assertEquals(2, r.exit(), r::toString);
            assertEquals(1, r.err().lines().count(), "one line\n" + r);
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r::toString);
            assertFalse(r.out().contains(Result.PREFIX), r::toString);
        }
    }
}
