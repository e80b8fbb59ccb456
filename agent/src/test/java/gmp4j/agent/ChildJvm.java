package gmp4j.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts a child JVM (this JDK) running a test app, optionally with the agent, and collects what it did. */
final class ChildJvm {
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit=" + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static final Path AGENT_JAR = Path.of(System.getProperty("gmp4j.agent.jar", "target/gmp4j-agent.jar"));

    /** -javaagent:gmp4j-agent.jar[=options] */
    static String agent(String options) {
        if (!Files.isRegularFile(AGENT_JAR)) {
            throw new IllegalStateException("agent jar not built: " + AGENT_JAR);
        }
        return "-javaagent:" + AGENT_JAR + (options.isEmpty() ? "" : "=" + options);
    }

    static Result run(List<String> jvmArgs, Class<?> main, String... args) throws IOException, InterruptedException {
        return run(jvmArgs, Map.of(), main, args);
    }

    static Result run(List<String> jvmArgs, Map<String, String> env, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("gmp4j.test.classes", "target/test-classes"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GOMAXPROCS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 90 s: " + cmd + "\n" + out.getNow("") + err.getNow(""));
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }
}
