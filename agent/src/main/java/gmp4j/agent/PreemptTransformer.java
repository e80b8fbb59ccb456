/*
 * PreemptTransformer: chooses the classes that get preemption checks (SafepointInjector) as they
 * load, and, when the agent is attached to a running JVM, among those already loaded.
 *
 * Only application code: never a class of the boot or platform loader, of a JDK package, or of
 * the agent jar itself (scheduler code must not yield in the middle of its own protocols). Then
 * the `include` globs (if any) must match and no `exclude` glob may. A glob matches the binary
 * class name with dots: `*` stands for any run of characters without a dot, `**` for any run at
 * all (`com.acme.**`, `*Test`).
 *
 * A class that cannot be rewritten is left exactly as it was, with one warning line naming it.
 */
package gmp4j.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

final class PreemptTransformer implements ClassFileTransformer {
    private static final List<String> JDK_PREFIXES =
            List.of("java/", "javax/", "jdk/", "sun/", "com/sun/", "org/graalvm/");

    private final boolean loops;
    private final List<Pattern> include;
    private final List<Pattern> exclude;
    private final URL agentJar;
    private final Log log;
    private final Map<ClassLoader, ClassHierarchy> hierarchies = new WeakHashMap<>();

    final LongAdder classes = new LongAdder();
    final LongAdder entryChecks = new LongAdder();
    final LongAdder loopChecks = new LongAdder();
    final LongAdder stripMined = new LongAdder();
    final LongAdder failures = new LongAdder();

    /** preempt: "cooperative" (prologues) or "full" (prologues and loops). */
    PreemptTransformer(String preempt, List<String> include, List<String> exclude, URL agentJar, Log log) {
        this.loops = preempt.equals("full");
        this.include = include.stream().map(PreemptTransformer::glob).toList();
        this.exclude = exclude.stream().map(PreemptTransformer::glob).toList();
        this.agentJar = agentJar;
        this.log = log;
    }

    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^.]*");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Whether a class (internal name) of this loader is application code chosen for checks. */
    boolean chosen(ClassLoader loader, String internalName, ProtectionDomain pd) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader() || internalName == null) {
            return false;
        }
        for (String p : JDK_PREFIXES) {
            if (internalName.startsWith(p)) {
                return false;
            }
        }
        if (agentJar != null && pd != null) {
            CodeSource cs = pd.getCodeSource();
            if (cs != null && agentJar.equals(cs.getLocation())) {
                return false;
            }
        }
        String name = internalName.replace('/', '.');
        if (!include.isEmpty() && include.stream().noneMatch(p -> p.matcher(name).matches())) {
            return false;
        }
        return exclude.stream().noneMatch(p -> p.matcher(name).matches());
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain pd, byte[] classfile) {
        if (!chosen(loader, className, pd)) {
            return null;
        }
        try {
            ClassHierarchy h;
            synchronized (hierarchies) {
                h = hierarchies.computeIfAbsent(loader, ClassHierarchy::new);
            }
            SafepointInjector.Result r = SafepointInjector.rewrite(classfile, loops, h);
            if (r.bytes() == null) {
                return null;
            }
            classes.increment();
            entryChecks.add(r.entryChecks());
            loopChecks.add(r.loopChecks());
            stripMined.add(r.stripMined());
            if (log.debug()) {
                log.debug("instrumented " + className.replace('/', '.') + " (" + r.entryChecks() + " prologue checks, "
                        + r.loopChecks() + " loop checks, " + r.stripMined() + " strip-mined)");
            }
            return r.bytes();
        } catch (Throwable e) {
            failures.increment();
            log.warn("left " + className.replace('/', '.') + " without preemption checks: " + e);
            return null;
        }
    }

    /** agentmain: rewrite the chosen classes that are already loaded (method bodies only). */
    void retransformLoaded(Instrumentation inst) {
        List<Class<?>> chosen = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (inst.isModifiableClass(c) && !c.isHidden() && !c.isArray()
                    && chosen(c.getClassLoader(), c.getName().replace('.', '/'), c.getProtectionDomain())) {
                chosen.add(c);
            }
        }
        for (Class<?> c : chosen) {
            try {
                inst.retransformClasses(c);
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                failures.increment();
                log.warn("left loaded class " + c.getName() + " without preemption checks: " + e);
            }
        }
    }

    String summary() {
        return classes.sum() + " classes instrumented (" + entryChecks.sum() + " prologue checks, " + loopChecks.sum()
                + " loop checks, " + stripMined.sum() + " strip-mined loops), " + failures.sum() + " left alone";
    }
}
