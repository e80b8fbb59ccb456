package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.AttachLater;
import gmp4j.agent.apps.AttachThenHog;
import gmp4j.agent.apps.ParkedForDump;
import gmp4j.agent.apps.SchedulerFigures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent attached at run time, and the JDK's tools on an app under the agent. */
class AttachAndToolsIT {

    private static String line(ChildJvm.Result r, String key) {
        return r.out().lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError(key + " missing\n" + r));
    }

    @Test
    void attachedLaterTheAgentTakesNewVirtualThreadsAndLeavesRunningOnesWhereTheyAre() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-Djdk.attach.allowAttachSelf=true", "-XX:+EnableDynamicAgentLoading"),
                AttachLater.class, ChildJvm.AGENT_JAR.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(line(r, "before").startsWith("ForkJoinPool"), r.toString());
        assertTrue(line(r, "new").matches("gmp4j-m-\\d+"), r.toString());
        assertTrue(line(r, "old").startsWith("ForkJoinPool"), r.toString());
        assertTrue(r.err().contains("attached: threads created from now on"), r.toString());
    }

    @Test
    void attachedLaterTheAgentAddsPreemptionChecksToClassesAlreadyLoaded() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-Djdk.attach.allowAttachSelf=true", "-XX:+EnableDynamicAgentLoading"),
                AttachThenHog.class, ChildJvm.AGENT_JAR.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Long.parseLong(line(r, "wakeups")) >= 20, r.toString());
    }

    @Test
    void jcmdThreadDumpListsTheVirtualThreadsOfAnAppUnderTheAgent(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("threads.txt");
        withReadyApp(ParkedForDump.class, "", (app, out) -> {
            jcmd(app, "Thread.dump_to_file", dump.toString());
            String text = Files.readString(dump);
            assertTrue(text.contains("parked-for-dump"), text);
        });
    }

    @Test
    void theJdksSchedulerMXBeanAndJcmdDescribeGmp4jAndSetParallelismChangesGomaxprocs() throws Exception {
        withReadyApp(SchedulerFigures.class, "gomaxprocs=2", (app, out) -> {
            assertEquals("2", out.get("parallelism"), out.toString());
            assertTrue(Integer.parseInt(out.get("poolSize")) >= 2, out.toString());
            assertEquals("2", out.get("mounted"), out.toString()); // four hogs on two Ps
            assertTrue(Long.parseLong(out.get("queued")) >= 1, out.toString());
            assertEquals("1", out.get("parallelismAfterSet"), out.toString());
            String said = jcmd(app, "Thread.vthread_scheduler");
            assertTrue(said.contains("gmp4j") && said.contains("gomaxprocs=1"), said);
        });
    }

    @Test
    void withSchedulerFjpTheJdksSchedulerMXBeanAndJcmdDescribeTheJdksPool() throws Exception {
        withReadyApp(SchedulerFigures.class, "scheduler=fjp", (app, out) -> {
            assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()), out.get("parallelism"), out.toString());
            assertEquals("1", out.get("parallelismAfterSet"), out.toString());
            String said = jcmd(app, "Thread.vthread_scheduler");
            assertTrue(said.contains("ForkJoinPool") && !said.contains("gmp4j"), said);
        });
    }

    interface WhileReady {
        void run(Process app, java.util.Map<String, String> printed) throws Exception;
    }

    /**
     * Starts main under the agent with these options, collects its key=value lines up to "ready",
     * runs the check, then closes the app's stdin and expects it to end cleanly.
     */
    private static void withReadyApp(Class<?> main, String options, WhileReady check) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process app = new ProcessBuilder(java.toString(), ChildJvm.agent(options), "-cp",
                System.getProperty("gmp4j.test.classes", "target/test-classes"), main.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            java.util.Map<String, String> printed = new java.util.LinkedHashMap<>();
            for (String l; (l = out.readLine()) != null && !l.equals("ready"); ) {
                int eq = l.indexOf('=');
                if (eq > 0) {
                    printed.put(l.substring(0, eq), l.substring(eq + 1));
                }
            }
            check.run(app, printed);
            app.getOutputStream().close(); // let the app end
            assertTrue(app.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, app.exitValue());
        } finally {
            app.destroyForcibly();
        }
    }

    /** Runs `jcmd <pid> args...`, expects success and returns what it printed. */
    private static String jcmd(Process app, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(app.pid())));
        cmd.addAll(List.of(args));
        Process jcmd = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String said = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, jcmd.exitValue(), said);
        return said;
    }
}
