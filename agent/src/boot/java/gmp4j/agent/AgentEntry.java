/*
 * AgentEntry: Premain-Class and Agent-Class of gmp4j-agent.jar. It is compiled for Java 11 (the
 * rest of the jar for 25), so that on an older JDK the agent can say so in one line and let the
 * application run unchanged, instead of failing with UnsupportedClassVersionError.
 */
package gmp4j.agent;

import java.lang.instrument.Instrumentation;

public final class AgentEntry {
    static final int MIN_FEATURE = 25;

    private AgentEntry() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        int feature = Runtime.version().feature();
        if (feature < MIN_FEATURE) {
            System.err.println("gmp4j: needs JDK " + MIN_FEATURE + " or newer, this is " + feature
                    + "; virtual threads stay on the JDK's scheduler");
            return;
        }
        try {
            Class.forName("gmp4j.agent.Installer")
                    .getMethod("install", String.class, Instrumentation.class, boolean.class)
                    .invoke(null, args, inst, attached);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("gmp4j: agent failed to start: " + cause);
        }
    }
}
