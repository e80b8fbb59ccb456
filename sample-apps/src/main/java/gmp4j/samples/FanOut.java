package gmp4j.samples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fan-out/fan-in: each request starts 100 virtual threads that each do a little CPU work, then
 * joins them all, as a service handler calling many back-ends would. Closed loop with a few
 * concurrent requests ({@link ClosedLoop}); the figures are requests/s and request latency.
 * This stresses thread creation, the run queues and work stealing, and the wake-up of the joiner.
 */
@Command(name = "fan-out",
        description = "Requests that each start 100 virtual threads and join them: requests/s and request latency.")
public final class FanOut extends Sample {

    @Mixin
    Timing timing;

    @Option(names = {"--clients", "--threads"}, defaultValue = "4",
            description = "concurrent requests (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--fanout", defaultValue = "100",
            description = "subtasks per request (default: ${DEFAULT-VALUE})")
    int fanout;

    @Option(names = "--work", defaultValue = "1000",
            description = "multiply-adds per subtask (default: ${DEFAULT-VALUE})")
    long work;

    public static void main(String[] args) {
        Sample.main(new FanOut(), args);
    }

    @Override
    Result measure() throws Exception {
        require(clients >= 1 && fanout >= 1 && work >= 0, "--clients and --fanout must be at least 1, --work not negative");
        Result r = timing.params(this, result());
        ClosedLoop loop = new ClosedLoop(1).run(clients, timing, (client, seq) -> {
            request(seq);
            return 0;
        });
        long requests = loop.requests();
        return r.param("clients", clients)
                .param("fanout", fanout)
                .param("work", work)
                .figure("requests", "requests", requests, "")
                .figure("requests_per_s", "requests/s", loop.perSecond(requests), "")
                .figure("subtasks_per_s", "subtasks/s", loop.perSecond(requests * fanout), "")
                .figure("errors", "errors", loop.errors(), "")
                .latency("latency", "request latency", loop.latency(0));
    }

    private void request(long seq) throws InterruptedException {
        Thread[] subtasks = new Thread[fanout];
        long[] results = new long[fanout];
        for (int i = 0; i < fanout; i++) {
            int slot = i;
            subtasks[i] = Thread.ofVirtual().start(() -> results[slot] = Work.spin(seq + slot, work));
        }
        long sum = 0;
        for (int i = 0; i < fanout; i++) {
            subtasks[i].join(); // join orders the subtask's write to results[i] before this read
            sum += results[i];
        }
        Work.keep(sum);
    }
}
