package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.AttachLater;
import gmp4j.agent.apps.AttachThenHog;
import gmp4j.agent.apps.ParkedForDump;
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
        Path java = Path.of(System.getProperty("java.home"), "bin");
        Process app = new ProcessBuilder(java.resolve("java").toString(), ChildJvm.agent(""), "-cp",
                System.getProperty("gmp4j.test.classes", "target/test-classes"), ParkedForDump.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            Path dump = dir.resolve("threads.txt");
            Process jcmd = new ProcessBuilder(java.resolve("jcmd").toString(), String.valueOf(app.pid()),
                    "Thread.dump_to_file", dump.toString()).redirectErrorStream(true).start();
            String said = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, jcmd.exitValue(), said);
            String text = Files.readString(dump);
            assertTrue(text.contains("parked-for-dump"), text);
            app.getOutputStream().close(); // let the app end
            assertTrue(app.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, app.exitValue());
        } finally {
            app.destroyForcibly();
        }
    }
}
