package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gmp4j.agent.apps.Retention;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A virtual thread that has finished must not stay reachable through the scheduler (its G in a
 * run-queue slot, an M's or P's last G, sysmon's bookkeeping, a timer): its task holds what the
 * application gave it, here an executor. On the JDK's pool every case of the app is collected
 * at once; the app gives the collector 5 s before it answers "still reachable". Before the fix,
 * gmp4j kept one executor per P through sysmon's note of the P's last G, and (third case) a few
 * hundred through run-queue slots.
 */
class RetentionIT {

    private static void assertEverythingCollected(String agentOptions) throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent(agentOptions)), Retention.class);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("tpe collected=true\n"),
                "a ThreadPoolExecutor whose virtual worker ended stays reachable\n" + r);
        assertTrue(r.out().contains("per-task uncollected=0\n"),
                "closed per-task executors whose threads finished stay reachable\n" + r);
        assertTrue(r.out().contains("per-task from a virtual thread uncollected=0\n"),
                "closed per-task executors whose threads a virtual thread started stay reachable\n" + r);
    }

    @Test
    void executorsWhoseVirtualThreadsFinishedAreCollectedOnGmp4j() throws Exception {
        assertEverythingCollected("");
    }

    @Test
    void executorsWhoseVirtualThreadsFinishedAreCollectedOnTheJdkPoolUnderTheAgent() throws Exception {
        assertEverythingCollected("scheduler=fjp");
    }
}
