package io.roadmirror.embedded;

import io.roadmirror.runtime.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Starts and stops child JVMs that cannot outlive this process: each gets the
 * {@link ParentWatchAgent}, and a shutdown hook stops it on a normal exit or Ctrl-C.
 */
public final class ChildJvm implements AutoCloseable {
    private static volatile Path agentJar;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;

    private ChildJvm(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stop, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * @param javaExecutable the java binary; null for the one running this process
     * @param jvmArgs        options before the main class or -jar
     * @param command        the rest: e.g. "-jar", "app.jar", args...
     */
    public static ChildJvm start(
            String name, Path javaExecutable, List<String> jvmArgs, List<String> command, Path workDir, Path logFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add((javaExecutable != null ? javaExecutable : currentJava()).toString());
        cmd.add("-javaagent:" + agentJar() + "=" + ProcessHandle.current().pid());
        cmd.addAll(jvmArgs);
        cmd.addAll(command);
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new ChildJvm(name, process, logFile);
        } catch (IOException e) {
            throw new StartupException(
                    "cannot start " + name + " (" + String.join(" ", cmd) + "): " + e.getMessage(), e);
        }
    }

    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The child's exit code; only once it has ended. */
    public int exitCode() {
        return process.exitValue();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the child's output, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: lets the child shut down cleanly
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the child to end by itself (a kill, a fatal exit), at most {@code timeout}. */
    public void waitForExit(Duration timeout) throws InterruptedException {
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs (harmlessly) anyway
        }
    }

    /**
     * A one-class agent jar (the child gets nothing else of ours on its classpath), named by its
     * content and shared by every roadmirror process: a process killed with kill -9 runs no cleanup,
     * so a jar per process would pile up in the temp directory.
     */
    static synchronized Path agentJar() {
        if (agentJar != null && Files.exists(agentJar)) {
            return agentJar;
        }
        String entry = ParentWatchAgent.class.getName().replace('.', '/') + ".class";
        try (InputStream classBytes = ChildJvm.class.getClassLoader().getResourceAsStream(entry)) {
            if (classBytes == null) {
                throw new IllegalStateException("cannot find " + entry + " on the classpath");
            }
            byte[] agentClass = classBytes.readAllBytes();
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Path jar = tmp.resolve("roadmirror-parent-watch-" + contentHash(agentClass) + ".jar");
            if (!Files.exists(jar)) {
                // Written aside and moved into place, so a process starting a child meanwhile never sees half a jar.
                Path partial = Files.createTempFile(tmp, "roadmirror-parent-watch-", ".partial");
                try {
                    writeAgentJar(partial, entry, agentClass);
                    Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            agentJar = jar;
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the parent-watch agent jar", e);
        }
    }

    private static void writeAgentJar(Path jar, String entry, byte[] agentClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", ParentWatchAgent.class.getName());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(agentClass);
            out.closeEntry();
        }
    }

    private static String contentHash(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
