package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.HugeSort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gmp4j.Hog: a virtual thread that sorts a large array (Arrays.sort, a JDK loop without
 * preemption checks) is caught holding its P, or its carrier in the fjp arm, under the
 * low-overhead profile, and the event names the application method that called the sort.
 */
class HogIT {
    static final Path JFC = Path.of("..", "jfr-profiles", "gmp4j.jfc").toAbsolutePath().normalize();
    static final long THRESHOLD_NS = 20_000_000;

    @TempDir
    Path dir;

    private List<RecordedEvent> hogs(String agentOptions) throws Exception {
        return hogs(agentOptions, "");
    }

    private List<RecordedEvent> hogs(String agentOptions, String settings) throws Exception {
        Path file = dir.resolve("hog.jfr");
        ChildJvm.Result r = ChildJvm.run(List.of("-XX:StartFlightRecording:settings=" + JFC + settings + ",filename="
                + file, ChildJvm.agent(agentOptions)), HugeSort.class);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("ok"), r.toString());
        assertTrue(Files.isRegularFile(file), "no recording\n" + r);
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("gmp4j.Hog")).toList();
    }

    /** The caught and the ended event of the sort's run: same hogId, both naming sortHugeArray. */
    private static RecordedEvent[] sortRun(List<RecordedEvent> hogs) {
        String all = hogs.stream().map(RecordedEvent::toString).collect(Collectors.joining("\n"));
        List<RecordedEvent> sort = hogs.stream()
                .filter(e -> e.getString("where").contains("HugeSort.sortHugeArray")).toList();
        RecordedEvent caught = sort.stream().filter(e -> !e.getBoolean("ended")).findFirst()
                .orElseThrow(() -> new AssertionError("no caught Hog in sortHugeArray:\n" + all));
        RecordedEvent ended = sort.stream()
                .filter(e -> e.getBoolean("ended") && e.getLong("hogId") == caught.getLong("hogId")).findFirst()
                .orElseThrow(() -> new AssertionError("no end for " + caught + "\n" + all));
        String stack = caught.getString("stack");
        assertTrue(stack.contains("java.util.Arrays.sort"), stack);
        assertTrue(stack.indexOf("java.util.Arrays.sort") < stack.indexOf("HugeSort.sortHugeArray"), stack);
        assertEquals(stack, ended.getString("stack"));
        assertTrue(caught.getLong("ranFor") >= THRESHOLD_NS, caught.toString());
        assertTrue(ended.getLong("ranFor") >= caught.getLong("ranFor"), ended + "\n" + caught);
        assertEquals(caught.getLong("goid"), ended.getLong("goid"));
        return new RecordedEvent[] {caught, ended};
    }

    @Test
    void aVirtualThreadSortingAHugeArrayIsCaughtHoldingItsPWithTheCallerOfTheSortAndTheRequestsItIgnored()
            throws Exception {
        RecordedEvent[] run = sortRun(hogs("gomaxprocs=1"));
        RecordedEvent ended = run[1];
        assertTrue(ended.getLong("ignoredRequests") >= 1, ended.toString());
        assertEquals("no check reached", ended.getString("reason"), ended.toString());
        assertTrue(ended.getLong("p") >= 0, ended.toString());
    }

    @Test
    void aHogThresholdLongerThanTheSortCatchesNothing() throws Exception {
        List<RecordedEvent> hogs = hogs("", ",gmp4j-hog-threshold=600s");
        assertTrue(hogs.isEmpty(), hogs.toString());
    }

    @Test
    void inTheFjpArmTheSortIsCaughtHoldingItsCarrierByTheWatcherThread() throws Exception {
        RecordedEvent[] run = sortRun(hogs("scheduler=fjp"));
        RecordedEvent caught = run[0];
        assertEquals(0, caught.getLong("ignoredRequests"), caught.toString());
        assertEquals("none", caught.getString("reason"), caught.toString());
        assertEquals("gmp4j-hog-watch", caught.getThread().getJavaName(), caught.toString());
    }
}
