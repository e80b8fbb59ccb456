package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.Conformance;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same virtual-thread behaviour checks (apps.Conformance, written from the JDK's documentation)
 * on the JDK's ForkJoinPool and under the agent: every check passes in each, and the outputs are
 * identical.
 */
class ConformanceIT {

    private static ChildJvm.Result run(List<String> jvmArgs) throws Exception {
        return ChildJvm.run(jvmArgs, Conformance.class);
    }

    private static void assertAllPass(ChildJvm.Result r) {
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.size() > 40, r.toString());
        for (String l : lines.subList(0, lines.size() - 1)) {
            assertTrue(l.endsWith(": PASS"), l + "\n" + r);
        }
        assertTrue(lines.getLast().matches("conformance: \\d+ checks, 0 failed"), r.toString());
        assertEquals(0, r.exit(), r.toString());
    }

    @Test
    void everyDocumentedVirtualThreadBehaviourHoldsAlikeOnTheJdkPoolAndOnGmp4j() throws Exception {
        ChildJvm.Result jdk = run(List.of());
        assertAllPass(jdk);
        assertTrue(jdk.err().contains("carriers: [ForkJoinPool--worker-]"), jdk.toString());
        for (String options : List.of("", "gomaxprocs=1")) {
            ChildJvm.Result gmp = run(List.of(ChildJvm.agent(options)));
            assertAllPass(gmp);
            assertEquals(jdk.out(), gmp.out(), "options '" + options + "'");
            assertTrue(gmp.err().contains("carriers: [gmp4j-m-]"), gmp.toString());
        }
    }
}
