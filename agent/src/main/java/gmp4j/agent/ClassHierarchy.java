/*
 * ClassHierarchy: answers ASM's getCommonSuperClass while frames are recomputed for a class being
 * loaded, without loading any class. ASM's default asks Class.forName, which would load
 * application classes through the agent's loader (the wrong one) in the middle of another class's
 * definition. Here the class files are read as resources of the defining loader (which delegates
 * as its loadClass would), and only their superclass and interface flag are parsed. A type that
 * cannot be found makes the question fail, and SafepointInjector then falls back to a rewrite
 * that needs no new frames; guessing java/lang/Object could produce a frame the verifier rejects.
 */
package gmp4j.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

final class ClassHierarchy {
    private record Type(String superName, boolean isInterface) {}

    private final ClassLoader loader;
    private final Map<String, Type> types = new ConcurrentHashMap<>();

    /** loader: the defining loader of the class being rewritten (null: the boot loader). */
    ClassHierarchy(ClassLoader loader) {
        this.loader = loader != null ? loader : ClassLoader.getPlatformClassLoader();
    }

    /** Records a class that may not exist as a resource (the one being defined). */
    void define(String name, String superName, boolean isInterface) {
        types.put(name, new Type(superName, isInterface));
    }

    String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (type(a).isInterface || type(b).isInterface) {
            return "java/lang/Object"; // the verifier treats interfaces as Object
        }
        List<String> chainA = new ArrayList<>();
        for (String t = a; t != null; t = type(t).superName) {
            chainA.add(t);
        }
        for (String t = b; t != null; t = type(t).superName) {
            if (chainA.contains(t)) {
                return t;
            }
        }
        return "java/lang/Object";
    }

    private Type type(String name) {
        Type t = types.get(name);
        if (t == null) {
            t = read(name);
            types.put(name, t);
        }
        return t;
    }

    private Type read(String name) {
        try (InputStream in = loader.getResourceAsStream(name + ".class")) {
            if (in == null) {
                throw new IllegalStateException("class file of " + name + " not found");
            }
            ClassReader r = new ClassReader(in);
            return new Type(r.getSuperName(), (r.getAccess() & Opcodes.ACC_INTERFACE) != 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read class file of " + name + ": " + e.getMessage(), e);
        }
    }
}
