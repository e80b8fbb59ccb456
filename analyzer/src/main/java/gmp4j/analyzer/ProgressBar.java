/*
 * ProgressBar: a one-line bar on stderr while a big recording is read, redrawn in place with \r
 * and erased at the end. Only when there is an interactive terminal (System.console() is one) and
 * the file is big enough to take a while; otherwise Progress.NONE, so pipes and logs stay clean.
 */
package gmp4j.analyzer;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

final class ProgressBar implements Progress {
    /** Files smaller than this read in well under a second: no bar. */
    static final long MIN_BYTES = 16L << 20;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private int shown = -1;

    private ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    /** A bar for reading file, or Progress.NONE when stderr is not a terminal or the file is small. */
    static Progress forFile(Path file, PrintWriter err) {
        Console console = System.console();
        try {
            if (console == null || !console.isTerminal() || Files.size(file) < MIN_BYTES) {
                return NONE;
            }
        } catch (java.io.IOException e) {
            return NONE; // the reader reports the problem with the file
        }
        return new ProgressBar(err, String.valueOf(file.getFileName()));
    }

    @Override
    public void update(double fraction) {
        int percent = (int) Math.round(fraction * 100);
        if (percent == shown) {
            return;
        }
        shown = percent;
        if (fraction >= 1.0) {
            err.print("\r" + " ".repeat(WIDTH + label.length() + 12) + "\r");
        } else {
            int full = (int) (fraction * WIDTH);
            err.print("\r" + Table.printable(label) + " [" + "#".repeat(full) + " ".repeat(WIDTH - full) + "] " + percent + "%");
        }
        err.flush();
    }
}
