package gmp4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One run of the samples jar in a child JVM (this JDK), optionally under the agent. */
record SampleRun(List<String> command, int exit, String out, String err) {

    static final Path SAMPLES_JAR = Path.of(System.getProperty("gmp4j.samples.jar", "target/gmp4j-samples.jar"));
    static final Path AGENT_JAR = Path.of(System.getProperty("gmp4j.agent.jar", "../agent/target/gmp4j-agent.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JDK's pool with two carriers, as the A/B runner's ForkJoinPool arm. */
    static List<String> onTheJdkPool() {
        return List.of("-Djdk.virtualThreadScheduler.parallelism=2");
    }

    /** gmp4j with two Ps, as the A/B runner's gmp4j arm. */
    static List<String> underTheAgent() {
        assertTrue(Files.isRegularFile(AGENT_JAR), "agent jar not built: " + AGENT_JAR);
        return List.of("-javaagent:" + AGENT_JAR + "=gomaxprocs=2");
    }

    /** {@code java JVM_ARGS -cp gmp4j-samples.jar MAIN ARGS}. */
    static SampleRun run(List<String> jvmArgs, String mainClass, List<String> args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(SAMPLES_JAR), "samples jar not built: " + SAMPLES_JAR);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", SAMPLES_JAR.toString(), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GOMAXPROCS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 60 s: " + cmd + "\n" + out.getNow("") + err.getNow(""));
        }
        return new SampleRun(cmd, p.exitValue(), out.join(), err.join());
    }

    /** The sample by its kebab-case name through the jar's entry point. */
    static SampleRun sample(List<String> jvmArgs, String name, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(name));
        all.addAll(List.of(args));
        return run(jvmArgs, Samples.class.getName(), all);
    }

    /** Asserts exit 0 and that the last stdout line, and only it, is the result; returns its JSON. */
    JsonNode result() throws IOException {
        assertEquals(0, exit, this::toString);
        List<String> lines = out.lines().toList();
        assertTrue(!lines.isEmpty() && lines.getLast().startsWith(Result.PREFIX), "last line is not the result\n" + this);
        assertEquals(1, lines.stream().filter(l -> l.startsWith(Result.PREFIX)).count(), this::toString);
        JsonNode json = JSON.readTree(lines.getLast().substring(Result.PREFIX.length()));
        assertTrue(json.isObject(), this::toString);
        json.properties().forEach(e -> assertTrue(e.getValue().isNumber() || e.getValue().isTextual(),
                e.getKey() + " is neither a number nor a string\n" + this));
        return json;
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command) + "\nexit=" + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
