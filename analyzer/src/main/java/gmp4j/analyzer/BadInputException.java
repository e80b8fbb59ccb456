/*
 * BadInputException: a problem with what the user gave us (a missing, unreadable, truncated or
 * foreign file, a recording without gmp4j events). Its message is one complete line meant for the
 * user; Main prints it on stderr and exits with code 2, never with a stack trace.
 */
package gmp4j.analyzer;

public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message, null, false, false);
    }
}
