/*
 * TimeAccumulator: the mutable running totals behind AnalysisReport.Times, for one goroutine or
 * one kind: execution, scheduling wait, block time per park reason and syscall time.
 */
package gmp4j.analyzer;

final class TimeAccumulator {
    long exec;
    long schedWait;
    long park;
    long sleep;
    long monitor;
    long waitBlock;
    long other;
    long syscall;

    void block(String reason, long ns) {
        switch (reason) {
            case "park" -> park += ns;
            case "sleep" -> sleep += ns;
            case "monitor" -> monitor += ns;
            case "wait" -> waitBlock += ns;
            default -> other += ns;
        }
    }

    void add(TimeAccumulator o) {
        exec += o.exec;
        schedWait += o.schedWait;
        park += o.park;
        sleep += o.sleep;
        monitor += o.monitor;
        waitBlock += o.waitBlock;
        other += o.other;
        syscall += o.syscall;
    }

    AnalysisReport.Times toTimes() {
        return new AnalysisReport.Times(exec, schedWait, park, sleep, monitor, waitBlock, other, syscall);
    }
}
