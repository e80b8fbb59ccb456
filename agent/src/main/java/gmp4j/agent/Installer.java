/*
 * Installer: puts gmp4j between the JDK and its virtual threads, in this order:
 *  1. parse the options (a bad one: one line; strict exits, otherwise the app runs unchanged);
 *  2. open java.lang to the agent (Instrumentation.redefineModule), which JdkAccess and the
 *     bridge definition need;
 *  3. start the scheduler (Sched) with the options;
 *  4. define the bridge, java.lang.Gmp4jBridge, inside java.lang with privateLookupIn: the
 *     agent's class gmp4j.bridge.Gmp4jBridge renamed (ASM's ClassRemapper), so no jar is appended
 *     to the boot class path and CDS stays on; then hand it the hooks;
 *  5. retransform jdk.internal.misc.Blocker (BlockerTransformer: syscalls),
 *     java.util.concurrent.ForkJoinWorkerThread (QueuedWorkTransformer: spin-or-park hint) and then
 *     java.lang.VirtualThread (VirtualThreadTransformer) so that new virtual threads choose gmp4j
 *     and carry their G;
 *  6. unless preempt=off, connect the bridge's preemption polls to the scheduler and register
 *     PreemptTransformer, which injects the polls into application classes as they load (and,
 *     when attached, into those already loaded).
 * If step 5 finds a VirtualThread it does not recognise, the bridge is disarmed and the scheduler
 * stopped: virtual threads stay on the JDK's pool. With agentmain (attach), only virtual threads
 * created afterwards move to gmp4j.
 */
package gmp4j.agent;

import gmp4j.bridge.Gmp4jBridge;
import gmp4j.runtime.Preempt;
import gmp4j.runtime.Sched;
import gmp4j.runtime.SchedConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.CodeSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

public final class Installer {
    private Installer() {}

    private static volatile Sched installed;
    private static volatile PreemptTransformer preemptTransformer;

    /** The scheduler the agent installed, or null. */
    public static Sched sched() {
        return installed;
    }

    /** How many classes got preemption checks so far (0 with preempt=off or without gmp4j). */
    public static long instrumentedClasses() {
        PreemptTransformer t = preemptTransformer;
        return t == null ? 0 : t.classes.sum();
    }

    /** Called by AgentEntry. With strict=true, a problem ends the JVM with exit code 2. */
    public static synchronized void install(String args, Instrumentation inst, boolean attached) {
        if (AgentOptions.isHelp(args)) {
            System.err.print(AgentOptions.help());
            return;
        }
        AgentOptions opts;
        try {
            opts = AgentOptions.parse(args, System.getProperties(), System.getenv());
        } catch (AgentOptions.OptionException e) {
            fail(e.getMessage(), e.strict);
            return;
        }
        long t0 = System.nanoTime();
        Log log = new Log(opts.log());
        if (installed != null) {
            log.warn("already installed; ignoring the second agent start");
            return;
        }
        if (opts.scheduler().equals("fjp")) {
            log.info("scheduler=fjp: virtual threads stay on the JDK's ForkJoinPool");
            return;
        }
        try {
            Module me = Installer.class.getModule();
            inst.redefineModule(Thread.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(me)),
                    Set.of(), Map.of());
            Sched sched = new Sched(new SchedConfig(opts.gomaxprocs(), opts.timeslice().toNanos(), opts.maxmcount(),
                    opts.schedtrace().toNanos(), System.err));
            Class<?> bridge = defineBridge();
            MethodHandle installHook = MethodHandles.publicLookup().findStatic(bridge, "install", MethodType.methodType(
                    void.class, Executor.class, BiFunction.class, BooleanSupplier.class, BooleanSupplier.class,
                    BiFunction.class));
            BiFunction<Runnable, Thread, Runnable> newG = sched::newG;
            BooleanSupplier enter = sched.syscalls::enter;
            BooleanSupplier exit = sched.syscalls::exit;
            BiFunction<Runnable, Long, Future<?>> timers = sched::schedule;
            installHook.invokeExact((Executor) sched, newG, enter, exit, timers);

            MethodHandles.publicLookup().findStatic(bridge, "installQueuedWork",
                    MethodType.methodType(void.class, BooleanSupplier.class))
                    .invokeExact((BooleanSupplier) sched::hasKnownQueuedWork);

            VirtualThreadTransformer vt = new VirtualThreadTransformer();
            BlockerTransformer blocker = new BlockerTransformer();
            QueuedWorkTransformer queuedWork = new QueuedWorkTransformer();
            inst.addTransformer(vt, true);
            inst.addTransformer(blocker, true);
            inst.addTransformer(queuedWork, true);
            try {
                inst.retransformClasses(Class.forName("jdk.internal.misc.Blocker"));
                inst.retransformClasses(Class.forName("java.util.concurrent.ForkJoinWorkerThread", false, null));
                inst.retransformClasses(Class.forName("java.lang.VirtualThread"));
            } finally {
                inst.removeTransformer(vt);
                inst.removeTransformer(blocker);
                inst.removeTransformer(queuedWork);
            }
            if (!queuedWork.recognised()) {
                log.info("ForkJoinWorkerThread.hasKnownQueuedWork not found: SynchronousQueue waiters spin before parking");
            }
            if (!blocker.recognised()) {
                fail("jdk.internal.misc.Blocker has a shape gmp4j does not recognise: blocking file, DNS and"
                        + " process calls are handed off only when sysmon sees them in native code", opts.strict());
            }
            if (!vt.recognised()) {
                installHook.invokeExact((Executor) null, (BiFunction<Runnable, Thread, Runnable>) null,
                        (BooleanSupplier) null, (BooleanSupplier) null, (BiFunction<Runnable, Long, Future<?>>) null);
                sched.shutdown();
                fail(vt.problem() + "; virtual threads stay on the JDK's scheduler", opts.strict());
                return;
            }
            installed = sched;
            PreemptTransformer preempt = opts.preempt().equals("off") ? null : installPreempt(bridge, opts, inst, log);
            preemptTransformer = preempt;
            if (preempt != null && attached) {
                preempt.retransformLoaded(inst);
            }
            log.info("virtual threads run on gmp4j: gomaxprocs=" + opts.gomaxprocs() + " timeslice="
                    + opts.timeslice().toMillis() + "ms preempt=" + opts.preempt()
                    + (attached ? " (attached: threads created from now on)" : "")
                    + "; installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            if (preempt != null && log.debug()) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> log.warn(preempt.summary()), "gmp4j-summary"));
            }
        } catch (Throwable e) {
            fail("cannot install: " + e, opts.strict());
        }
    }

    private static void fail(String line, boolean strict) {
        System.err.println("gmp4j: " + line);
        if (strict) {
            System.err.println("gmp4j: strict=true, stopping");
            System.exit(2);
        }
    }

    /**
     * Connects the bridge's polls to the scheduler (Preempt) and registers the transformer that
     * injects them. The transformer is added last: a class that loads before the polls are wired
     * simply has checks that see no request yet.
     */
    private static PreemptTransformer installPreempt(Class<?> bridge, AgentOptions opts, Instrumentation inst, Log log)
            throws ReflectiveOperationException {
        MethodHandles.Lookup pub = MethodHandles.publicLookup();
        MethodHandle setPending = pub.findStatic(bridge, "setPreemptPending", MethodType.methodType(void.class, int.class));
        MethodHandle installSlow = pub.findStatic(bridge, "installPreempt", MethodType.methodType(void.class, Runnable.class));
        try {
            installSlow.invokeExact((Runnable) Preempt::slowPath);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot connect the preemption polls", e);
        }
        Preempt.mirrorTo(n -> {
            try {
                setPending.invokeExact(n);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        CodeSource cs = Installer.class.getProtectionDomain().getCodeSource();
        PreemptTransformer t = new PreemptTransformer(opts.preempt(), opts.include(), opts.exclude(),
                cs != null ? cs.getLocation() : null, log);
        inst.addTransformer(t, true);
        return t;
    }

    /** Defines java.lang.Gmp4jBridge from the bytes of gmp4j.bridge.Gmp4jBridge, renamed. */
    private static Class<?> defineBridge() throws IOException, ReflectiveOperationException {
        String from = Gmp4jBridge.class.getName().replace('.', '/');
        byte[] original;
        try (InputStream in = Installer.class.getResourceAsStream("/" + from + ".class")) {
            if (in == null) {
                throw new IOException("bridge class file missing from the agent jar");
            }
            original = in.readAllBytes();
        }
        ClassWriter w = new ClassWriter(0);
        new ClassReader(original).accept(new ClassRemapper(w,
                new SimpleRemapper(Map.of(from, VirtualThreadTransformer.BRIDGE))), 0);
        MethodHandles.Lookup javaLang = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
        try {
            return javaLang.defineClass(w.toByteArray());
        } catch (LinkageError alreadyDefined) { // a second agent start in the same JVM
            return Class.forName("java.lang.Gmp4jBridge", false, null);
        }
    }
}
