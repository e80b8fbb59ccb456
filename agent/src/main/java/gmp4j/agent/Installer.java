/*
 * Installer: puts gmp4j between the JDK and its virtual threads, in this order:
 *  1. parse the options (a bad one: one line; strict exits, otherwise the app runs unchanged);
 *  2. open java.lang to the agent (Instrumentation.redefineModule), which JdkAccess and the
 *     bridge definition need;
 *  3. start the scheduler (Sched) with the options;
 *  4. define the bridge, java.lang.Gmp4jBridge, inside java.lang with privateLookupIn: the
 *     agent's class gmp4j.bridge.Gmp4jBridge renamed (ASM's ClassRemapper), so no jar is appended
 *     to the boot class path and CDS stays on; then hand it the hooks;
 *  5. retransform jdk.internal.misc.Blocker (BlockerTransformer: syscalls) and then
 *     java.lang.VirtualThread (VirtualThreadTransformer) so that new virtual threads choose gmp4j
 *     and carry their G, and (TraceTransformer) report why they stop, for the JFR events; also
 *     java.util.concurrent.ForkJoinWorkerThread (QueuedWorkTransformer: spin-or-park hint);
 *  6. unless preempt=off, connect the bridge's preemption polls to the scheduler and register
 *     PreemptTransformer, which injects the polls into application classes as they load (and,
 *     when attached, into those already loaded);
 *  7. with record=FILE, start a JFR recording with the chosen profile, written to FILE at exit.
 * If step 5 finds a VirtualThread it does not recognise, the bridge is disarmed and the scheduler
 * stopped: virtual threads stay on the JDK's pool. With agentmain (attach), only virtual threads
 * created afterwards move to gmp4j.
 *
 * scheduler=fjp keeps the JDK's ForkJoinPool and installs only the tracing (ForkJoinTrace says
 * how), so that both arms of an A/B comparison produce the same events.
 */
package gmp4j.agent;

import gmp4j.bridge.Gmp4jBridge;
import gmp4j.runtime.Preempt;
import gmp4j.runtime.Sched;
import gmp4j.runtime.SchedConfig;
import gmp4j.runtime.Tracer;
import gmp4j.runtime.trace.ForkJoinTrace;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

public final class Installer {
    private Installer() {}

    private static volatile Sched installed;
    private static volatile boolean fjpTraced;
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
        if (installed != null || fjpTraced) {
            log.warn("already installed; ignoring the second agent start");
            return;
        }
        if (opts.scheduler().equals("fjp")) {
            installFjp(inst, opts, log);
            record(opts);
            return;
        }
        try {
            openJavaLang(inst);
            Sched sched = new Sched(new SchedConfig(opts.gomaxprocs(), opts.timeslice().toNanos(), opts.maxmcount(),
                    opts.schedtrace().toNanos(), System.err, opts.wakepreempt().toNanos()));
            Class<?> bridgeClass = defineBridge();
            MethodHandle installHook = bridgeHook(bridgeClass, "install", Executor.class, BiFunction.class,
                    BooleanSupplier.class, BooleanSupplier.class, BiFunction.class);
            MethodHandle traceHook = bridgeHook(bridgeClass, "installTrace", Executor.class, BiFunction.class,
                    ObjIntConsumer.class, Consumer.class);
            ObjIntConsumer<Runnable> afterYield = Tracer::afterYield;
            traceHook.invokeExact((Executor) null, (BiFunction<Runnable, Thread, Runnable>) null, afterYield,
                    (Consumer<Runnable>) null);
            BiFunction<Runnable, Thread, Runnable> newG = sched::newG;
            BooleanSupplier enter = sched.syscalls::enter;
            BooleanSupplier exit = sched.syscalls::exit;
            BiFunction<Runnable, Long, Future<?>> timers = sched::schedule;
            installHook.invokeExact((Executor) sched, newG, enter, exit, timers);
            bridgeHook(bridgeClass, "installQueuedWork", BooleanSupplier.class)
                    .invokeExact((BooleanSupplier) sched::hasKnownQueuedWork);

            VirtualThreadTransformer vt = new VirtualThreadTransformer();
            BlockerTransformer blocker = new BlockerTransformer();
            QueuedWorkTransformer queuedWork = new QueuedWorkTransformer();
            TraceTransformer trace = new TraceTransformer(false);
            retransform(inst, "jdk.internal.misc.Blocker", blocker);
            retransform(inst, "java.util.concurrent.ForkJoinWorkerThread", queuedWork);
            retransform(inst, "java.lang.VirtualThread", vt, trace);
            if (!queuedWork.recognised()) {
                log.info("ForkJoinWorkerThread.hasKnownQueuedWork not found: SynchronousQueue waiters spin before parking");
            }
            if (!trace.recognised()) {
                log.warn(trace.problem());
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
            if (vt.viewRecognised()) {
                bridgeHook(bridgeClass, "installSchedulerView", Executor.class)
                        .invokeExact((Executor) new SchedPoolView(sched));
            } else {
                log.info("VirtualThread.defaultScheduler not found: the JDK's scheduler MXBean and jcmd describe its unused pool");
            }
            installed = sched;
            PreemptTransformer preempt = opts.preempt().equals("off") ? null : installPreempt(bridgeClass, opts, inst, log);
            preemptTransformer = preempt;
            if (preempt != null && attached) {
                preempt.retransformLoaded(inst);
            }
            log.info("virtual threads run on gmp4j: gomaxprocs=" + opts.gomaxprocs() + " timeslice="
                    + opts.timeslice().toMillis() + "ms wakepreempt=" + opts.wakepreempt().toNanos() / 1000 + "us"
                    + " preempt=" + opts.preempt()
                    + (attached ? " (attached: threads created from now on)" : "")
                    + "; installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            if (preempt != null && log.debug()) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> log.warn(preempt.summary()), "gmp4j-summary"));
            }
        } catch (Throwable e) {
            fail("cannot install: " + e, opts.strict());
        }
        record(opts);
    }

    /** scheduler=fjp: the JDK's pool stays; only the tracing hooks go in (see ForkJoinTrace). */
    private static void installFjp(Instrumentation inst, AgentOptions opts, Log log) {
        try {
            openJavaLang(inst);
            Class<?> vtClass = Class.forName("java.lang.VirtualThread");
            Executor jdkDefault = (Executor) MethodHandles.privateLookupIn(vtClass, MethodHandles.lookup())
                    .findStatic(vtClass, "defaultScheduler", MethodType.methodType(Executor.class)).invoke();
            if (!(jdkDefault instanceof ForkJoinPool pool)) {
                fail("scheduler=fjp: the JDK's default scheduler is a " + jdkDefault.getClass().getName()
                        + ", not a ForkJoinPool; virtual threads are not traced", opts.strict());
                return;
            }
            ForkJoinTrace fjt = new ForkJoinTrace(pool);
            MethodHandle traceHook = bridgeHook(defineBridge(), "installTrace", Executor.class, BiFunction.class,
                    ObjIntConsumer.class, Consumer.class);
            BiFunction<Runnable, Thread, Runnable> wrap = fjt::wrap;
            ObjIntConsumer<Runnable> afterYield = fjt::afterYield;
            Consumer<Runnable> submitting = fjt::submitting;
            traceHook.invokeExact((Executor) pool, wrap, afterYield, submitting);
            // VirtualThreadTransformer adds the wrapTask call; with no scheduler installed in the
            // bridge its other edits answer "the JDK's own" and change nothing.
            VirtualThreadTransformer vt = new VirtualThreadTransformer();
            TraceTransformer trace = new TraceTransformer(true);
            retransform(inst, "java.lang.VirtualThread", vt, trace);
            if (!vt.recognised() || !trace.recognised()) {
                traceHook.invokeExact((Executor) null, (BiFunction<Runnable, Thread, Runnable>) null,
                        (ObjIntConsumer<Runnable>) null, (Consumer<Runnable>) null);
                fail(!vt.recognised() ? vt.problem() : trace.problem(), opts.strict());
                return;
            }
            fjt.addPeriodic();
            fjpTraced = true;
            log.info("scheduler=fjp: virtual threads stay on the JDK's ForkJoinPool (parallelism "
                    + pool.getParallelism() + "), traced");
        } catch (Throwable e) {
            fail("scheduler=fjp: cannot install tracing: " + e, opts.strict());
        }
    }

    /**
     * Connects the bridge's polls to the scheduler (Preempt) and registers the transformer that
     * injects them. The transformer is added last: a class that loads before the polls are wired
     * simply has checks that see no request yet.
     */
    private static PreemptTransformer installPreempt(Class<?> bridge, AgentOptions opts, Instrumentation inst, Log log)
            throws Throwable {
        MethodHandle setPending = bridgeHook(bridge, "setPreemptPending", int.class);
        bridgeHook(bridge, "installPreempt", Runnable.class).invokeExact((Runnable) Preempt::slowPath);
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

    /** Opens java.lang to the agent (JdkAccess and the bridge definition need it). */
    private static void openJavaLang(Instrumentation inst) {
        inst.redefineModule(Thread.class.getModule(), Set.of(), Map.of(),
                Map.of("java.lang", Set.of(Installer.class.getModule())), Set.of(), Map.of());
    }

    /** Retransforms one class with the given transformers, registered only for that call. */
    private static void retransform(Instrumentation inst, String className, ClassFileTransformer... ts)
            throws Exception {
        for (ClassFileTransformer t : ts) {
            inst.addTransformer(t, true);
        }
        try {
            inst.retransformClasses(Class.forName(className));
        } finally {
            for (ClassFileTransformer t : ts) {
                inst.removeTransformer(t);
            }
        }
    }

    /**
     * flightrecorder=THRESHOLD: the flight recorder (FlightRecorder).
     * record=FILE: a JFR recording with the profile option's settings, from now until the JVM
     * exits, when JFR writes it to FILE (dump on exit).
     */
    private static void record(AgentOptions opts) {
        if (opts.flight().on()) {
            try {
                FlightRecorder.start(opts.flight(), profile("trace"));
            } catch (Exception e) {
                fail("flightrecorder: cannot start: " + e.getMessage(), opts.strict());
            }
        }
        if (opts.record().isEmpty()) {
            return;
        }
        try {
            Recording r = new Recording(profile(opts.profile()));
            r.setName("gmp4j");
            r.setDestination(Path.of(opts.record()).toAbsolutePath());
            r.setDumpOnExit(true);
            r.start();
        } catch (Exception e) {
            fail("record=" + opts.record() + ": cannot start the recording: " + e.getMessage(), opts.strict());
        }
    }

    /** profile=gmp4j|trace (the .jfc files in the agent jar) or the path of a .jfc file. */
    static Configuration profile(String profile) throws IOException, java.text.ParseException {
        String bundled = switch (profile) {
            case "gmp4j" -> "gmp4j.jfc";
            case "trace" -> "gmp4j-trace.jfc";
            default -> null;
        };
        if (bundled == null) {
            return Configuration.create(Path.of(profile));
        }
        InputStream in = Installer.class.getResourceAsStream("/gmp4j/jfr/" + bundled);
        if (in == null) {
            throw new IOException(bundled + " is missing from the agent jar");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Configuration.create(r);
        }
    }

    private static void fail(String line, boolean strict) {
        System.err.println("gmp4j: " + line);
        if (strict) {
            System.err.println("gmp4j: strict=true, stopping");
            System.exit(2);
        }
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
        Class<?> bridge;
        try {
            bridge = javaLang.defineClass(w.toByteArray());
        } catch (LinkageError alreadyDefined) { // a second agent start in the same JVM
            bridge = Class.forName("java.lang.Gmp4jBridge", false, null);
        }
        return bridge;
    }

    private static MethodHandle bridgeHook(Class<?> bridge, String name, Class<?>... params)
            throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findStatic(bridge, name, MethodType.methodType(void.class, params));
    }
}
