/*
 * TraceBuf: one M's batch of events in Go's execution-trace wire format (Go 1.22+), named after
 * the runtime's traceBuf (runtime/tracebuf.go), which it mirrors.
 *
 * Wire format (internal/trace/batch.go, batchcursor.go): a batch is
 *   EvEventBatch, uvarint generation, uvarint M id, uvarint batch timestamp, uvarint length, bytes
 * and its bytes are events: one type byte, a uvarint timestamp delta from the previous event of
 * the batch (the first from the batch timestamp), then the event's arguments as uvarints.
 * A batch holds at most go122.MaxBatchSize (64 KiB) of events; like the runtime, the buffer is
 * flushed before an event could overflow it. Negative ids (Go's NoThread/NoProc = -1) are written
 * as their two's complement, exactly as the runtime's uint64(int64(-1)).
 */
package gmp4j.analyzer.export;

import java.io.IOException;
import java.io.OutputStream;

final class TraceBuf {
    static final int MAX_BATCH_SIZE = 64 << 10;
    /** Largest event we write: type byte + timestamp + 5 arguments, 10 bytes each. */
    private static final int MAX_EVENT_SIZE = 1 + 6 * 10;

    final long m;
    private byte[] data = new byte[1024];
    private int len;
    private long batchTime;
    private long lastTime;

    TraceBuf(long m) {
        this.m = m;
    }

    /** Starts an event of type typ at time ts (ticks, never before the previous event). */
    void event(OutputStream out, long gen, int typ, long ts) throws IOException {
        if (len + MAX_EVENT_SIZE > MAX_BATCH_SIZE) {
            flush(out, gen);
        }
        if (len == 0) {
            batchTime = ts;
            lastTime = ts;
        }
        ensure(MAX_EVENT_SIZE);
        data[len++] = (byte) typ;
        uvarint(ts - lastTime);
        lastTime = ts;
    }

    /** Appends one argument of the event started last. */
    void arg(long v) {
        uvarint(v);
    }

    /** Appends raw bytes (string table entries). */
    void bytes(byte[] b, int n) {
        ensure(n);
        System.arraycopy(b, 0, data, len, n);
        len += n;
    }

    /** Appends a type byte without a timestamp (table entries and section headers). */
    void untimed(int typ) {
        ensure(MAX_EVENT_SIZE);
        data[len++] = (byte) typ;
    }

    boolean isEmpty() {
        return len == 0;
    }

    int size() {
        return len;
    }

    /** Writes the batch (if any) to out and empties the buffer. */
    void flush(OutputStream out, long gen) throws IOException {
        if (len == 0) {
            return;
        }
        byte[] header = new byte[1 + 4 * 10];
        int n = 0;
        header[n++] = (byte) GoTraceWriter.EV_EVENT_BATCH;
        n = putUvarint(header, n, gen);
        n = putUvarint(header, n, m);
        n = putUvarint(header, n, batchTime);
        n = putUvarint(header, n, len);
        out.write(header, 0, n);
        out.write(data, 0, len);
        len = 0;
    }

    private void uvarint(long v) {
        ensure(10);
        len = putUvarint(data, len, v);
    }

    private void ensure(int extra) {
        if (len + extra > data.length) {
            data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, len + extra));
        }
    }

    /** LEB128 unsigned varint, as Go's encoding/binary.PutUvarint. */
    static int putUvarint(byte[] b, int off, long v) {
        while (Long.compareUnsigned(v, 0x80) >= 0) {
            b[off++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        b[off++] = (byte) v;
        return off;
    }
}
