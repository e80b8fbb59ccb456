package gmp4j.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The global run queue's FIFO order across its ring and its spill list, for single Gs and runqputslow's chains. */
class GQueueTest {
    private long nextGoid = 1;
    private long expectedGoid = 1;

    private void push(GQueue q, int n) {
        for (int i = 0; i < n; i++) {
            q.pushBack(new G(nextGoid++));
        }
    }

    private void popExpecting(GQueue q, int n) {
        for (int i = 0; i < n; i++) {
            G g = q.pop();
            assertNotNull(g, "pop " + i + " of " + n);
            assertEquals(expectedGoid++, g.goid);
        }
    }

    @Test
    void popsInPushOrderAndCountsItsSize() {
        GQueue q = new GQueue();
        assertNull(q.pop());
        push(q, 200);
        popExpecting(q, 150);
        push(q, 1000);
        assertEquals(1050, q.size());
        popExpecting(q, 1050);
        assertEquals(0, q.size());
        assertNull(q.pop());
        push(q, 300);
        popExpecting(q, 300);
    }

    @Test
    void orderHoldsWhileGsSpillPastTheRingAndComeBack() {
        GQueue q = new GQueue(4);
        push(q, 10); // 4 in the ring, 6 spilled
        popExpecting(q, 3);
        push(q, 2); // the spill list is not empty: these go behind it, not into the ring's free slots
        assertEquals(9, q.size());
        popExpecting(q, 9); // the ring's last, then the spill list
        push(q, 5); // both empty: the ring again, then the spill list
        assertEquals(5, q.size());
        popExpecting(q, 5);
        assertNull(q.pop());
        assertEquals(0, q.size());
    }

    @Test
    void aChainIsAppendedInOrderAcrossRingAndSpillList() {
        GQueue q = new GQueue(4);
        push(q, 3);
        G first = new G(nextGoid++);
        G last = first;
        for (int i = 0; i < 3; i++) { // a chain of four
            G g = new G(nextGoid++);
            last.schedlink = g;
            last = g;
        }
        q.pushBackAll(first);
        assertEquals(7, q.size());
        popExpecting(q, 7);
    }
}
