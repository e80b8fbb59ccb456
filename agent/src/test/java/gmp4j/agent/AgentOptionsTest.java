package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    private static AgentOptions parse(String args) throws AgentOptions.OptionException {
        return AgentOptions.parse(args, new Properties(), Map.of());
    }

    private static String problem(String args) {
        return assertThrows(AgentOptions.OptionException.class, () -> parse(args)).getMessage();
    }

    @Test
    void defaultsFollowGo() throws Exception {
        AgentOptions o = parse(null);
        assertEquals(Runtime.getRuntime().availableProcessors(), o.gomaxprocs());
        assertEquals(Duration.ofMillis(10), o.timeslice());
        assertEquals("gmp", o.scheduler());
        assertEquals(Duration.ZERO, o.schedtrace());
        assertEquals(10_000, o.maxmcount());
        assertFalse(o.strict());
        assertEquals(Duration.ofMillis(1), o.wakepreempt());
    }

    @Test
    void everyKeyParses() throws Exception {
        AgentOptions o = parse("gomaxprocs=3,timeslice=2ms,preempt=cooperative,include=com.acme.*;org.x.**,"
                + "exclude=com.acme.Slow,schedtrace=1s,scheduler=fjp,log=info,strict=false,maxmcount=50,wakepreempt=500us");
        assertEquals(3, o.gomaxprocs());
        assertEquals(Duration.ofMillis(2), o.timeslice());
        assertEquals("cooperative", o.preempt());
        assertEquals(List.of("com.acme.*", "org.x.**"), o.include());
        assertEquals(List.of("com.acme.Slow"), o.exclude());
        assertEquals(Duration.ofSeconds(1), o.schedtrace());
        assertEquals("fjp", o.scheduler());
        assertEquals("info", o.log());
        assertEquals(50, o.maxmcount());
        assertEquals(Duration.ofNanos(500_000), o.wakepreempt());
    }

    @Test
    void wakepreemptZeroTurnsItOff() throws Exception {
        assertEquals(Duration.ZERO, parse("wakepreempt=0").wakepreempt());
        assertTrue(problem("wakepreempt=1").contains("give a unit"));
    }

    @Test
    void durationsTakeGoLikeUnits() throws Exception {
        assertEquals(Duration.ofNanos(500_000), parse("timeslice=500us").timeslice());
        assertEquals(Duration.ofNanos(750), parse("timeslice=750ns").timeslice());
        assertEquals(Duration.ofMinutes(1), parse("schedtrace=1m").schedtrace());
        assertTrue(problem("timeslice=10").contains("give a unit"));
        assertTrue(problem("timeslice=0").contains("expected a duration"));
    }

    @Test
    void precedenceIsArgumentsThenSystemPropertiesThenEnvironment() throws Exception {
        Properties p = new Properties();
        p.setProperty("gmp4j.gomaxprocs", "5");
        assertEquals(3, AgentOptions.parse(null, new Properties(), Map.of("GOMAXPROCS", "3")).gomaxprocs());
        assertEquals(5, AgentOptions.parse(null, p, Map.of("GOMAXPROCS", "3")).gomaxprocs());
        assertEquals(1, AgentOptions.parse("gomaxprocs=1", p, Map.of("GOMAXPROCS", "3")).gomaxprocs());
    }

    @Test
    void theJdksParallelismSetsGomaxprocsOnlyWhenNothingOfOursDoes() throws Exception {
        Properties jdk = new Properties();
        jdk.setProperty("jdk.virtualThreadScheduler.parallelism", "7");
        assertEquals(7, AgentOptions.parse(null, jdk, Map.of()).gomaxprocs());
        assertEquals(3, AgentOptions.parse(null, jdk, Map.of("GOMAXPROCS", "3")).gomaxprocs(), "the environment wins");
        Properties both = new Properties();
        both.putAll(jdk);
        both.setProperty("gmp4j.gomaxprocs", "5");
        assertEquals(5, AgentOptions.parse(null, both, Map.of()).gomaxprocs(), "-Dgmp4j.gomaxprocs wins");
        assertEquals(2, AgentOptions.parse("gomaxprocs=2", jdk, Map.of()).gomaxprocs(), "the agent option wins");
    }

    @Test
    void theJdksMaxPoolSizeCapsTheParallelismItTakes() throws Exception {
        Properties p = new Properties();
        p.setProperty("jdk.virtualThreadScheduler.parallelism", "7");
        p.setProperty("jdk.virtualThreadScheduler.maxPoolSize", "4");
        assertEquals(4, AgentOptions.parse(null, p, Map.of()).gomaxprocs());
        Properties onlyMax = new Properties();
        onlyMax.setProperty("jdk.virtualThreadScheduler.maxPoolSize", "1");
        assertEquals(1, AgentOptions.parse(null, onlyMax, Map.of()).gomaxprocs(),
                "as the JDK caps its default parallelism (the CPU count) too");
        assertEquals(3, AgentOptions.parse(null, p, Map.of("GOMAXPROCS", "3")).gomaxprocs());
        assertEquals(9, AgentOptions.parse("gomaxprocs=9", p, Map.of()).gomaxprocs(),
                "maxPoolSize caps only the JDK's parallelism, not gmp4j's own setting");
    }

    @Test
    void aBadJdkParallelismIsReportedWithItsName() {
        Properties p = new Properties();
        p.setProperty("jdk.virtualThreadScheduler.parallelism", "0");
        AgentOptions.OptionException e = assertThrows(AgentOptions.OptionException.class,
                () -> AgentOptions.parse(null, p, Map.of()));
        assertEquals("bad value '0' for jdk.virtualThreadScheduler.parallelism: expected a positive integer",
                e.getMessage());
    }

    @Test
    void problemsNameTheKeyAndTheValidChoices() {
        assertEquals("unknown option 'colour' (valid: gomaxprocs, timeslice, preempt, include, exclude, schedtrace, "
                + "scheduler, log, strict, maxmcount, record, profile, flightrecorder, flightmaxage, flightcooldown, flightdir, wakepreempt; =help lists them)", problem("colour=blue"));
        assertEquals("bad value 'lots' for gomaxprocs: expected a positive integer", problem("gomaxprocs=lots"));
        assertEquals("bad value 'sometimes' for preempt: expected off|cooperative|full", problem("preempt=sometimes"));
        assertEquals("option 'strict' needs a value (strict=...)", problem("strict"));
        assertTrue(problem("gomaxprocs=0").contains("positive integer"));
    }

    @Test
    void strictIsKnownEvenWhenAnotherOptionIsBad() {
        AgentOptions.OptionException e = assertThrows(AgentOptions.OptionException.class,
                () -> parse("strict=true,nope=1"));
        assertTrue(e.strict);
    }

    @Test
    void badEnvironmentGomaxprocsIsReported() {
        AgentOptions.OptionException e = assertThrows(AgentOptions.OptionException.class,
                () -> AgentOptions.parse(null, new Properties(), Map.of("GOMAXPROCS", "many")));
        assertTrue(e.getMessage().contains("GOMAXPROCS (environment)"));
    }

    @Test
    void recordTakesAFileInAnExistingDirectoryAndProfileANameOrAReadableFile() throws Exception {
        AgentOptions o = parse(null);
        assertEquals("", o.record());
        assertEquals("gmp4j", o.profile());
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("gmp4j-opts");
        java.nio.file.Path jfc = java.nio.file.Files.writeString(dir.resolve("my.jfc"), "<configuration/>");
        o = parse("record=" + dir.resolve("app.jfr") + ",profile=TRACE");
        assertEquals(dir.resolve("app.jfr").toString(), o.record());
        assertEquals("trace", o.profile());
        assertEquals(jfc.toString(), parse("record=x.jfr,profile=" + jfc).profile());
        assertEquals("bad value '/no/such/dir/app.jfr' for record: expected a file name in an existing directory,"
                + " e.g. record=app.jfr", problem("record=/no/such/dir/app.jfr"));
        assertTrue(problem("record=" + dir).startsWith("bad value '" + dir + "' for record"));
        assertEquals("bad value 'fast' for profile: expected gmp4j|trace or the path of a readable .jfc file",
                problem("profile=fast"));
    }

    @Test
    void bothBundledProfilesLoadFromTheAgentsClassPath() throws Exception {
        assertEquals("gmp4j", Installer.profile("gmp4j").getLabel());
        assertEquals("gmp4j trace", Installer.profile("trace").getLabel());
    }
}
