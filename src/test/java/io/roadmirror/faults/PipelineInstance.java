package io.roadmirror.faults;

import io.roadmirror.embedded.ChildJvm;
import io.roadmirror.runtime.Directories;
import io.roadmirror.testing.TestJvms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One pipeline instance as production runs it, {@code roadmirror run} in its own JVM, so that a
 * kill is a real {@code kill -9}: no shutdown hook, no last commit, state directory left as it was.
 * Each start writes its own log, so what a restart did can be read afterwards.
 */
final class PipelineInstance implements AutoCloseable {
    private static final String RUNNING_LINE = "roadmirror pipeline running";

    private final String name;
    private final Path dir;
    private final List<String> command;
    private final int apiPort;
    private ChildJvm jvm;
    private int starts;

    /**
     * @param flags more {@code run} flags; the fault tests feed at 20x, so they pass a grace period that is a
     *              minute of wall-clock time ({@code --mirror-grace 20m}), as the demo scales its own: otherwise
     *              a two-second hiccup of the loaded test machine is 40 simulated seconds, and readings go LATE
     *              for the machine's sake, not the pipeline's
     */
    PipelineInstance(
            String name,
            Path dir,
            String bootstrap,
            String registryUrl,
            String applicationId,
            int partitions,
            int replicationFactor,
            int apiPort,
            List<String> flags) {
        this.name = name;
        this.dir = dir;
        this.apiPort = apiPort;
        this.command = new ArrayList<>(List.of(
                "-cp",
                TestJvms.classPath(),
                "io.roadmirror.cli.Main",
                "run",
                "--bootstrap-servers",
                bootstrap,
                "--schema-registry-url",
                registryUrl,
                "--application-id",
                applicationId,
                "--topic-partitions",
                Integer.toString(partitions),
                "--topic-replication-factor",
                Integer.toString(replicationFactor),
                "--state-dir",
                stateDir().toString(),
                "--api-port",
                Integer.toString(apiPort)));
        this.command.addAll(flags);
    }

    /** -Droadmirror.faults.trace=true logs every instance at TRACE (every filing and evaluation of the mirror). */
    private static List<String> jvmArgs() {
        List<String> args = new ArrayList<>(
                List.of("-Xmx320m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        if (Boolean.getBoolean("roadmirror.faults.trace")) {
            args.add("-Droadmirror.log.level=TRACE");
        }
        return args;
    }

    long pid() {
        return jvm.pid();
    }

    String name() {
        return name;
    }

    /** Starts the instance and waits until it says it is RUNNING; returns how long that took. */
    Duration start(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        Path log = dir.resolve(name + "-" + (++starts) + ".log");
        jvm = ChildJvm.start(name, null, jvmArgs(), command, Directories.create(dir), log);
        while (!logContains(log, RUNNING_LINE)) {
            if (!jvm.isAlive()) {
                throw new AssertionError(
                        name + " exited while starting; its log (" + log + ") ends with:\n" + jvm.logTail(30));
            }
            if (System.nanoTime() - started > timeout.toNanos()) {
                throw new AssertionError(name + " did not report RUNNING within " + timeout.toSeconds()
                        + " s; its log ends with:\n" + jvm.logTail(30));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** SIGKILL, as an OOM killer or a lost node would: nothing in the JVM runs any more. */
    void kill9() throws InterruptedException {
        ProcessHandle.of(jvm.pid()).ifPresent(ProcessHandle::destroyForcibly);
        jvm.waitForExit(Duration.ofSeconds(30));
    }

    /** Deletes the local state, as a replaced disk or a new node would have it: the restart restores from the changelogs. */
    void wipeState() {
        Directories.deleteRecursively(stateDir());
    }

    boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    Path stateDir() {
        return dir.resolve(name + "-state");
    }

    int starts() {
        return starts;
    }

    /** Restarts after this start, by the logs: a thread replaced, or the process gone, that the test did not cause. */
    /** The last lines of the current start's log. */
    String logTail(int lines) {
        return jvm == null ? "(not started)" : jvm.logTail(lines);
    }

    String logs() {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            try {
                all.append(Files.readString(dir.resolve(name + "-" + i + ".log")));
            } catch (IOException e) {
                // a log that was not written
            }
        }
        return all.toString();
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM: a clean stop, with the last commit. */
    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
        }
    }
}
