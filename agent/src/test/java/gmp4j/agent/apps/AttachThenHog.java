package gmp4j.agent.apps;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads HogProbe, then attaches the gmp4j agent to itself (args[0]: the agent jar) and runs
 * HogProbe: its spinning loops get preemption checks only if the agent rewrote the class that
 * was already loaded when it arrived.
 */
public final class AttachThenHog {
    public static void main(String[] args) throws Exception {
        Class.forName(HogProbe.class.getName(), true, AttachThenHog.class.getClassLoader());
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(args[0], "gomaxprocs=2");
        } finally {
            vm.detach();
        }
        HogProbe.main(new String[] {"800"});
    }
}
