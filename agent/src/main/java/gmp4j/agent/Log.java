/*
 * Log: the agent's few messages, to stderr, prefixed "gmp4j: ". Level warn (the default) keeps a
 * healthy start silent.
 */
package gmp4j.agent;

final class Log {
    private final int level;

    Log(String level) {
        this.level = switch (level) {
            case "debug" -> 2;
            case "info" -> 1;
            default -> 0;
        };
    }

    void warn(String msg) {
        System.err.println("gmp4j: " + msg);
    }

    boolean debug() {
        return level >= 2;
    }

    void debug(String msg) {
        if (level >= 2) {
            System.err.println("gmp4j: " + msg);
        }
    }

    void info(String msg) {
        if (level >= 1) {
            System.err.println("gmp4j: " + msg);
        }
    }
}
